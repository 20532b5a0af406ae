import type { App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { cardRegistration } from '../loyalty/queries.ts';
import type { WalletName } from './credentials.ts';
import { passLanguage } from './queries.ts';

/** Apple's device library identifiers, as its web service sends them in paths. */
export const deviceIdPattern = /^[A-Za-z0-9]{8,64}$/;

/** The language a card's pass in `wallet` speaks: the one it was added in, else its registration's, else English. */
export async function passLocale(app: App, cardId: string, wallet: WalletName): Promise<Locale> {
  return (await passLanguage(app.db, cardId, wallet)) ?? (await cardRegistration(app.db, cardId))?.language ?? 'en';
}
