import type { App } from '../app.ts';
import type { Loyalty } from '../catalog/loyalty.ts';
import { readSite } from '../catalog/read.ts';
import { cardChanged } from '../wallet/wallet.ts';
import { cardBalance, checkRedeem, checkStamp, type CardBalance, type CardEvent, type Refusal, type Verdict } from './card.ts';
import { cardIdOf } from './codes.ts';
import { cardHistory, insertRedemption, insertStamp } from './queries.ts';

/** What a stamp or a redemption answers; `balance` is the card's after the attempt. */
export type CardActionResult =
  | { ok: true; cardId: string; balance: CardBalance; repeated: boolean }
  | { ok: false; reason: 'invalid-code' }
  | { ok: false; reason: Refusal['reason']; cardId: string; balance: CardBalance; retryAt?: Date };

type Input = { code: string; key: string };

/**
 * Adds one stamp to the card with `code`, within the programme's limits (the shop's calendar day for the
 * daily maximum). The same `key` sent twice (a double tap, a retried request) adds one stamp.
 */
export function stampCard(app: App, programme: Loyalty, input: Input): Promise<CardActionResult> {
  const limits = { ...programme.limits, timeZone: readSite().timeZone };
  return cardAction(app, programme, input, {
    insert: (card, now) => insertStamp(app.db, { card, key: input.key, at: now, ...limits }),
    explain: (events, now) => checkStamp(events, limits, now),
  });
}

/**
 * Redeems one ready reward of the card with `code`. Two staff redeeming the same reward at once get one
 * success and one 'no-reward'; the same `key` twice redeems once.
 */
export function redeemReward(app: App, programme: Loyalty, input: Input): Promise<CardActionResult> {
  return cardAction(app, programme, input, {
    insert: (card, now) => insertRedemption(app.db, { card, key: input.key, at: now, stampsPerReward: programme.stampsPerReward }),
    explain: (events) => checkRedeem(events, programme),
  });
}

// A retry follows another request's success on the same card (it took the seq this one wanted), and the limits
// allow at most 50 stamps a day: a loop past this bound means the rules and the statement disagree.
const MAX_ATTEMPTS = 64;

/**
 * Inserts the event in one statement; when nothing was inserted, the card's events say why: a used key, a limit,
 * or another request took the same seq a moment ago (then the next seq is tried).
 */
async function cardAction(
  app: App,
  programme: Pick<Loyalty, 'stampsPerReward'>,
  input: Input,
  step: { insert: (card: string, now: Date) => Promise<number | undefined>; explain: (events: CardEvent[], now: Date) => Verdict },
): Promise<CardActionResult> {
  const cardId = cardIdOf(app, input.code);
  if (!cardId) return { ok: false, reason: 'invalid-code' };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const now = app.now();
    const added = (await step.insert(cardId, now)) !== undefined;
    const events = await cardHistory(app.db, cardId);
    const balance = cardBalance(events, programme);
    if (added) {
      await cardChanged(app, cardId);
      return { ok: true, cardId, balance, repeated: false };
    }
    if (events.some((event) => event.key === input.key)) return { ok: true, cardId, balance, repeated: true };
    const verdict = step.explain(events, now);
    if (!verdict.ok) return { ...verdict, cardId, balance };
  }
  throw new Error(`Card ${cardId}: no event added after ${MAX_ATTEMPTS} attempts, though its rules allow one`);
}
