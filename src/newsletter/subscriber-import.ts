import { isLocale, type Locale } from '../i18n/locales.ts';
import { normaliseEmail } from '../email/address.ts';

export const importColumns = ['email', 'name', 'language', 'consent_date', 'consent_source'] as const;
export type ImportColumn = (typeof importColumns)[number];
export type ImportRecord = Partial<Record<ImportColumn, string>>;

export type RowOutcome =
  /** Consent recorded in the row: confirmed at once. */
  | 'subscribed'
  /** No recorded consent: pending, and a confirmation email goes out (double opt-in). */
  | 'invited'
  | 'duplicate'
  | 'already-subscribed'
  /** They unsubscribed before: an import never signs them up again. */
  | 'unsubscribed'
  | 'suppressed'
  | 'invalid-email'
  | 'invalid-language'
  | 'invalid-consent';

export interface RowPlan {
  /** The row's line in the file (the header is line 1). */
  line: number;
  /** As written in the file (normalised when valid). */
  email: string;
  outcome: RowOutcome;
  locale?: Locale;
  name?: string;
  consent?: { at: string; source: string };
}

export interface ImportContext {
  /** The status each known normalised address has on the list. */
  statusOf: (email: string) => 'pending' | 'confirmed' | 'unsubscribed' | undefined;
  isSuppressed: (email: string) => boolean;
  /** For rows without a language. */
  defaultLocale: Locale;
  now: Date;
}

/** A consent date as an ISO instant: `2025-03-14` or a full date-time, not in the future; null otherwise. */
export function consentInstant(raw: string, now: Date): string | null {
  const text = raw.trim();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : null;
  if (!date || Number.isNaN(date.getTime()) || date > now) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) && date.toISOString().slice(0, 10) !== text) return null; // 2025-02-30
  return date.toISOString();
}

/**
 * Each row of a subscriber import's fate, in file order (the first row of an address wins). Pure.
 * @example planImport([{ email: 'ana@x.com', consent_date: '2025-03-14', consent_source: 'paper form' }], context)
 */
export function planImport(records: readonly ImportRecord[], context: ImportContext): RowPlan[] {
  const seen = new Set<string>();
  return records.map((record, i): RowPlan => {
    const line = i + 2;
    const raw = (record.email ?? '').trim();
    const email = normaliseEmail(raw);
    if (!email) return { line, email: raw, outcome: 'invalid-email' };
    if (seen.has(email)) return { line, email, outcome: 'duplicate' };
    seen.add(email);
    const language = (record.language ?? '').trim().toLowerCase();
    const locale = language === '' ? context.defaultLocale : isLocale(language) ? language : undefined;
    if (!locale) return { line, email, outcome: 'invalid-language' };
    const date = (record.consent_date ?? '').trim();
    const source = (record.consent_source ?? '').trim();
    const at = date ? consentInstant(date, context.now) : null;
    if ((date || source) && (!at || !source || source.length > 100)) return { line, email, outcome: 'invalid-consent' };
    if (context.isSuppressed(email)) return { line, email, outcome: 'suppressed' };
    const status = context.statusOf(email);
    if (status === 'unsubscribed') return { line, email, outcome: 'unsubscribed' };
    if (status) return { line, email, outcome: 'already-subscribed' };
    const name = (record.name ?? '').trim().slice(0, 100);
    return { line, email, locale, ...(name ? { name } : {}), ...(at ? { outcome: 'subscribed', consent: { at, source } } : { outcome: 'invited' }) };
  });
}
