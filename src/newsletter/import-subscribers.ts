import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { normaliseEmail } from '../email/address.ts';
import type { EmailMessage } from '../email/mailer.ts';
import { confirmationEmail } from '../email/templates/subscription.ts';
import type { Locale } from '../i18n/locales.ts';
import { confirmUrl } from './links.ts';
import { addImported, dropUninvited, knownAddresses } from './queries.ts';
import { BATCH_SIZE } from './rules.ts';
import { importColumns, planImport, type ImportRecord, type RowOutcome, type RowPlan } from './subscriber-import.ts';

/** Rows one import may hold: a shop's customer list, not a marketing database. */
export const MAX_IMPORT_ROWS = 10_000;

export interface ImportReport {
  rows: (Omit<RowPlan, 'outcome'> & { outcome: RowOutcome | 'invite-failed' })[];
  counts: Partial<Record<RowOutcome | 'invite-failed', number>>;
}

/**
 * Imports existing customers from a CSV with a header row (see importColumns): a row with a recorded consent
 * is subscribed at once, any other gets a confirmation email (double opt-in); see planImport for what is
 * skipped. A file that is not well-formed CSV, or has no email column, imports nothing and says why.
 * @example const result = await importSubscribers(app, csvText, { defaultLocale: 'es' })
 */
export async function importSubscribers(app: App, csv: string, options: { defaultLocale: Locale; site?: Site }): Promise<{ ok: true; report: ImportReport } | { ok: false; error: string }> {
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
  const emails = [...new Set(records.flatMap((record) => normaliseEmail(record.email ?? '') ?? []))];
  const known = new Map((await knownAddresses(app.db, emails)).map((row) => [row.email, row]));
  const plan = planImport(records, { statusOf: (email) => known.get(email)?.status ?? undefined, isSuppressed: (email) => known.get(email)?.suppressed ?? false, defaultLocale: options.defaultLocale, now });

  // One statement adds every new address; one a concurrent sign-up added first does not come back.
  const adds = (row: RowPlan) => row.outcome === 'subscribed' || row.outcome === 'invited';
  const adding = plan.filter(adds).map((row) => ({ email: row.email, locale: row.locale!, name: row.name ?? null, consent: row.consent ? { at: new Date(row.consent.at), source: row.consent.source } : null }));
  const added = new Set((await addImported(app.db, adding, now)).map((row) => row.email));
  const rows: ImportReport['rows'] = plan.map((row) => (adds(row) && !added.has(row.email) ? { ...row, outcome: 'already-subscribed' } : row));

  // Confirmation emails, 100 a call; the key makes a retried import deliver nothing twice.
  const site = options.site ?? readSite();
  const invited: ImportReport['rows'] = rows.filter((row) => row.outcome === 'invited');
  const fileKey = createHash('sha256').update(csv).digest('hex').slice(0, 16);
  for (let at = 0; at < invited.length; at += BATCH_SIZE) {
    const group = invited.slice(at, at + BATCH_SIZE);
    const messages: EmailMessage[] = group.map((row) => ({ to: row.email, ...confirmationEmail(row.locale!, site, app.config.siteUrl, confirmUrl(app, row.email, row.locale!, now)) }));
    const sent = await app.mailer.sendBatch(messages, { idempotencyKey: `import-${fileKey}-${at / BATCH_SIZE}` });
    if (sent.ok) continue;
    // Not invited, so not added: importing the file again later tries them again.
    for (const row of group) row.outcome = 'invite-failed';
    await dropUninvited(app.db, group.map((row) => row.email), now);
  }

  const counts: ImportReport['counts'] = {};
  for (const row of rows) counts[row.outcome] = (counts[row.outcome] ?? 0) + 1;
  return { ok: true, report: { rows, counts } };
}
