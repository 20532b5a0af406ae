import type { Locale } from '../i18n/locales.ts';
import { formatDate, stringsWithPrefix, t } from '../i18n/strings.ts';
import type { WalletName, WalletProblem, WalletProblemKey } from './credentials.ts';

export const walletNames = { apple: 'Apple Wallet', google: 'Google Wallet' } as const;

/** A wallet setting's problem in the owner's language, its date (if any) written the local way. */
export function problemText(locale: Locale, problem: WalletProblem): string {
  const vars = { ...problem.vars };
  if (vars.date) vars.date = formatDate(locale, vars.date, { dateStyle: 'long' });
  return t(locale, problem.key, vars);
}

const problemKeys = new Set(Object.keys(stringsWithPrefix('en', 'wallet.problem.')));

/**
 * A failed upload's problems for the settings page's address (`?failed=apple&problems=…`): a form sent without
 * script goes back to the page, which names them beside the form (base64url JSON: field, key, vars).
 */
export function problemsParam(problems: readonly WalletProblem[]): string {
  return Buffer.from(JSON.stringify(problems.map(({ field, key, vars }) => [field, key, vars ?? {}]))).toString('base64url');
}

/** The problems of `problemsParam()` again; anything else in the address (a stale or edited link) is dropped. */
export function problemsFromParam(wallet: WalletName, param: string | null): WalletProblem[] {
  let rows: unknown;
  try {
    rows = JSON.parse(Buffer.from(param ?? '', 'base64url').toString('utf8'));
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((row: unknown) => {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'string' || !problemKeys.has(row[1])) return [];
    const vars = Object.fromEntries(Object.entries((row[2] ?? {}) as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    return [{ wallet, field: row[0], key: row[1] as WalletProblemKey, ...(Object.keys(vars).length > 0 ? { vars } : {}) }];
  });
}
