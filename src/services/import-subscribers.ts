import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { chunk } from '../domain/newsletter.ts';
import { importColumns, planImport, type ImportRecord, type RowOutcome, type RowPlan } from '../domain/subscriber-import.ts';
import type { EmailMessage } from '../email/mailer.ts';
import { confirmationEmail } from '../email/templates/subscription.ts';
import type { Locale } from '../i18n/locales.ts';
import { confirmUrl } from './newsletter-links.ts';
import { allSubscribers, updateSubscriber } from './newsletter-store.ts';
import { suppressionCheck } from './suppressions.ts';

/** Rows one import may hold: a shop's customer list, not a marketing database. */
export const MAX_IMPORT_ROWS = 10_000;

export interface ImportReport {
  rows: (Omit<RowPlan, 'outcome'> & { outcome: RowOutcome | 'invite-failed' })[];
  counts: Partial<Record<RowOutcome | 'invite-failed', number>>;
}

export type ImportResult = { ok: true; report: ImportReport } | { ok: false; error: string };

/**
 * Imports existing customers from a CSV (header row; columns email, name,
 * language, consent_date, consent_source). A row with a recorded consent (date
 * and source) is subscribed at once; any other gets a confirmation email (double
 * opt-in). Duplicates, addresses already on the list, unsubscribed and
 * suppressed addresses are skipped. A file that is not well-formed CSV, or has
 * no email column, imports nothing and says why.
 * @example const result = await importSubscribers(app, csvText, { defaultLocale: 'es' })
 */
export async function importSubscribers(app: App, csv: string, options: { defaultLocale: Locale; site?: Site }): Promise<ImportResult> {
  let records: ImportRecord[];
  try {
    const parsed = parse(csv, { bom: true, columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Record<string, string>[];
    records = parsed.map((row) => Object.fromEntries(importColumns.map((column) => [column, row[column]])));
    const header = parse(csv, { bom: true, to_line: 1, trim: true })[0] as string[] | undefined;
    if (!header?.map((name) => name.toLowerCase()).includes('email')) return { ok: false, error: `The first line must name the columns, with one called "email" (also understood: ${importColumns.slice(1).join(', ')})` };
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, error: `Line ${error.lines ?? '?'}: ${error.message}` };
    throw error;
  }
  if (records.length === 0) return { ok: false, error: 'The file has no rows under its header' };
  if (records.length > MAX_IMPORT_ROWS) return { ok: false, error: `The file has ${records.length} rows; import at most ${MAX_IMPORT_ROWS} at a time` };

  const now = app.now();
  const [subscribers, isSuppressed] = await Promise.all([allSubscribers(app.store), suppressionCheck(app)]);
  const status = new Map(subscribers.map((s) => [s.email, s.status]));
  const plan = planImport(records, { statusOf: (email) => status.get(email), isSuppressed, defaultLocale: options.defaultLocale, now });

  // One small write per address, and only for addresses still unknown (a concurrent sign-up wins).
  const added = plan.filter((row) => row.outcome === 'subscribed' || row.outcome === 'invited');
  const stamp = now.toISOString();
  const taken = new Set<string>();
  for (const row of added) {
    await updateSubscriber(app.store, row.email, (draft) => {
      if (draft.subscriber) {
        taken.add(row.email);
        return;
      }
      draft.subscriber = {
        email: row.email,
        status: row.consent ? 'confirmed' : 'pending',
        locale: row.locale!,
        source: 'import',
        subscribedAt: row.consent?.at ?? stamp,
        ...(row.consent ? { confirmedAt: stamp, consent: row.consent } : {}),
        ...(row.name ? { name: row.name } : {}),
        updatedAt: stamp,
      };
    });
  }
  const rows: ImportReport['rows'] = plan.map((row) => (taken.has(row.email) && (row.outcome === 'subscribed' || row.outcome === 'invited') ? { ...row, outcome: 'already-subscribed' } : row));

  // Confirmation emails, 100 a call; the key makes a retried import deliver nothing twice.
  const site = options.site ?? readSite();
  const invited: ImportReport['rows'] = rows.filter((row) => row.outcome === 'invited');
  const fileKey = createHash('sha256').update(csv).digest('hex').slice(0, 16);
  for (const [index, group] of chunk(invited).entries()) {
    const messages: EmailMessage[] = group.map((row) => ({ to: row.email, ...confirmationEmail(row.locale!, site, app.config.siteUrl, confirmUrl(app, row.email, row.locale!, now)) }));
    const sent = await app.mailer.sendBatch(messages, { idempotencyKey: `import-${fileKey}-${index}` });
    if (sent.ok) continue;
    // Not invited, so not added: importing the file again later tries them again.
    for (const row of group) row.outcome = 'invite-failed';
    for (const row of group) {
      await updateSubscriber(app.store, row.email, (draft) => {
        if (draft.subscriber?.status === 'pending' && draft.subscriber.updatedAt === stamp) delete draft.subscriber;
      });
    }
  }

  const counts: ImportReport['counts'] = {};
  for (const row of rows) counts[row.outcome] = (counts[row.outcome] ?? 0) + 1;
  return { ok: true, report: { rows, counts } };
}
