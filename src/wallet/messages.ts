import { readSite } from '../catalog/read.ts';
import type { Locale } from '../i18n/locales.ts';
import { formatDate, t } from '../i18n/strings.ts';
import type { WalletProblem } from './credentials.ts';

export const walletNames = { apple: 'Apple Wallet', google: 'Google Wallet' } as const;

/** A wallet setting's problem in the owner's language, its date (if any) written the local way, in the shop's clock. */
export function problemText(locale: Locale, problem: WalletProblem): string {
  const vars = { ...problem.vars };
  if (vars.date) vars.date = formatDate(locale, vars.date, { dateStyle: 'long', timeZone: readSite().timeZone });
  return t(locale, problem.key, vars);
}
