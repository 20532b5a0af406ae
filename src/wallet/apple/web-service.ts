import type { App } from '../../app.ts';
import { cardIdPattern } from '../../loyalty/card.ts';
import { safeEqual } from '../../domain/signing.ts';
import { cardHistory } from '../../loyalty/queries.ts';
import { cardView } from '../card-view.ts';
import { deviceCards } from '../queries.ts';
import { passLocale } from '../records.ts';
import { walletSettings } from '../settings.ts';
import { passAuthToken } from './pass-json.ts';
import { signedPass } from './pkpass.ts';

/**
 * Apple's pass web service (developer.apple.com/documentation/walletpasses/adding-a-web-service-to-update-passes),
 * at `{siteUrl}/api/wallet/apple/v1/…`. Serial number = card id; each card's authentication token derives
 * from CARD_SECRET, so nothing secret is stored.
 */

export const webServicePath = '/api/wallet/apple';

/** Whether a request carries the pass's own token: `Authorization: ApplePass {token}`. */
export function authorised(app: App, request: Request, serial: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  const token = header.startsWith('ApplePass ') ? header.slice('ApplePass '.length).trim() : '';
  return cardIdPattern.test(serial) && safeEqual(token, passAuthToken(app.secret('CARD_SECRET'), serial));
}

/** When a card last changed: its last event, as the tag Apple sends back in `passesUpdatedSince`. */
async function lastChange(app: App, cardId: string): Promise<string> {
  return (await cardHistory(app.db, cardId)).at(-1)?.at ?? '';
}

/** The device's cards changed after `since` (all of them without it), and the newest change as the next tag. */
export async function updatedSerials(app: App, device: string, since: string | undefined): Promise<{ serialNumbers: string[]; lastUpdated: string }> {
  const serials = await deviceCards(app.db, device);
  const changes = await Promise.all(serials.map(async (serial) => ({ serial, at: await lastChange(app, serial) })));
  const changed = changes.filter(({ at }) => !since || at > since);
  const lastUpdated = changes.reduce((latest, { at }) => (at > latest ? at : latest), since ?? '');
  return { serialNumbers: changed.map(({ serial }) => serial), lastUpdated: lastUpdated || app.now().toISOString() };
}

/** The latest signed pass of a card and when it last changed. */
export async function latestPass(app: App, serial: string): Promise<{ pass: Buffer; updatedAt: Date }> {
  const { apple } = await walletSettings(app);
  if (!apple) throw new Error('Apple Wallet is not set up');
  const view = await cardView(app, serial, await passLocale(app, serial, 'apple'));
  const pass = signedPass(apple, view, { webServiceUrl: `${app.config.siteUrl}${webServicePath}`, cardSecret: app.secret('CARD_SECRET') });
  return { pass, updatedAt: new Date(view.updatedAt ?? 0) };
}
