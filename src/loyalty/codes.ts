import type { App } from '../app.ts';
import { cardCode, verifyCardCode } from './card.ts';

/**
 * The card id of a genuine code (signed with CARD_SECRET), or null: no lookup, so a forged code costs nothing.
 * @example cardIdOf(app, 'K7M2Q9XAx3fJ_a8bZq') → 'K7M2Q9XA'
 */
export function cardIdOf(app: Pick<App, 'secret'>, code: string): string | null {
  return verifyCardCode(app.secret('CARD_SECRET'), code);
}

/**
 * The code of a card (what its QR code and page address hold).
 * @example codeOf(app, 'K7M2Q9XA') → 'K7M2Q9XAx3fJ_a8bZq'
 */
export function codeOf(app: Pick<App, 'secret'>, cardId: string): string {
  return cardCode(app.secret('CARD_SECRET'), cardId);
}
