import type { App } from '../app.ts';
import type { Loyalty } from '../catalog/loyalty.ts';
import { readSite } from '../catalog/read.ts';
import { checkStamp } from '../domain/card.ts';
import { cardChanged } from '../wallet/wallet.ts';
import { cardAction, type CardActionResult } from './cards.ts';

/**
 * Adds one stamp to the card with `code`, within the programme's limits. The same
 * `key` sent twice (a double tap, a retried request) adds one stamp.
 * @example await stampCard(app, programme, { code, key: 'form-8f3a…' })
 */
export async function stampCard(app: App, programme: Loyalty, input: { code: string; key: string }): Promise<CardActionResult> {
  const result = await cardAction(app, programme, input, 'stamp', (events, now) => checkStamp(events, { ...programme.limits, timeZone: readSite().timeZone }, now));
  if (result.ok && !result.repeated) await cardChanged(app, result.cardId);
  return result;
}
