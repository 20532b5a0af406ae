import type { App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { cardRegistration } from '../loyalty/queries.ts';
import type { WalletName } from './credentials.ts';
import { addPass, passLanguage, registerDevice as addDevice, unregisterDevice as forgetDevice } from './queries.ts';

/** Apple's device library identifiers, as its web service sends them in paths. */
export const deviceIdPattern = /^[A-Za-z0-9]{8,64}$/;

/** Records that the card was added to a wallet in `locale` (a download of the pass, or the Google save link). */
export async function markAdded(app: App, cardId: string, wallet: WalletName, locale: Locale): Promise<void> {
  await addPass(app.db, cardId, wallet, locale, app.now());
}

/** The language a card's pass in `wallet` speaks: the one it was added in, else its registration's, else English. */
export async function passLocale(app: App, cardId: string, wallet: WalletName): Promise<Locale> {
  return (await passLanguage(app.db, cardId, wallet)) ?? (await cardRegistration(app.db, cardId))?.language ?? 'en';
}

/** A device registers for a card's updates: 'created' the first time, 'exists' when it already was (a new push token replaces the old). */
export function registerDevice(app: App, device: string, cardId: string, pushToken: string): Promise<'created' | 'exists'> {
  return addDevice(app.db, device, cardId, pushToken, app.now());
}

/** Forgets that a device holds a card's pass (Apple's unregister call, or APNs saying the token is gone). */
export function unregisterDevice(app: App, device: string, cardId: string): Promise<boolean> {
  return forgetDevice(app.db, device, cardId);
}
