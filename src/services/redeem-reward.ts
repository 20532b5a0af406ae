import type { App } from '../app.ts';
import type { Loyalty } from '../catalog/loyalty.ts';
import { checkRedeem } from '../domain/card.ts';
import { cardChanged } from '../wallet/wallet.ts';
import { cardAction, type CardActionResult } from './cards.ts';

/**
 * Redeems one ready reward of the card with `code`. Two staff redeeming the same
 * reward at once get one success and one 'no-reward'; the same `key` twice redeems once.
 */
export async function redeemReward(app: App, programme: Loyalty, input: { code: string; key: string }): Promise<CardActionResult> {
  const result = await cardAction(app, programme, input, 'redeem', (events) => checkRedeem(events, programme));
  if (result.ok && !result.repeated) await cardChanged(app, result.cardId);
  return result;
}
