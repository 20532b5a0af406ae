import { z } from 'zod';
import { localDay } from '../domain/periods.ts';
import { sign, verify } from '../domain/signing.ts';

/**
 * Loyalty cards: codes, balances and the stamp limits. A code is its id (8 Crockford base32 characters) and a
 * 10-character HMAC of it with CARD_SECRET: a forged code is refused without a lookup (60 bits: ~10^18 guesses).
 */
export const CARD_ID_LENGTH = 8;
export const CARD_SIGNATURE_LENGTH = 10;
export const CARD_CODE_LENGTH = CARD_ID_LENGTH + CARD_SIGNATURE_LENGTH;
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const cardIdPattern = new RegExp(`^[${alphabet}]{${CARD_ID_LENGTH}}$`);
export const cardCodePattern = new RegExp(`^[${alphabet}]{${CARD_ID_LENGTH}}[A-Za-z0-9_-]{${CARD_SIGNATURE_LENGTH}}$`);

/** An id from (at least 8) random or pseudo-random bytes; 256 is a multiple of 32, so no bias. */
export function cardIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length < CARD_ID_LENGTH) throw new Error(`cardIdFromBytes needs ${CARD_ID_LENGTH} bytes`);
  return Array.from(bytes.subarray(0, CARD_ID_LENGTH), (byte) => alphabet[byte % 32]).join('');
}

/** @example cardCode(secret, 'K7M2Q9XA') → 'K7M2Q9XAx3fJ_a8bZq' */
export function cardCode(secret: string, id: string): string {
  return id + sign(secret, `card:${id}`, CARD_SIGNATURE_LENGTH);
}

/** The card id of a genuine code, or null for anything forged, altered, truncated or signed with another secret. */
export function verifyCardCode(secret: string, code: string): string | null {
  if (!cardCodePattern.test(code)) return null;
  const id = code.slice(0, CARD_ID_LENGTH);
  return verify(secret, `card:${id}`, code.slice(CARD_ID_LENGTH), CARD_SIGNATURE_LENGTH) ? id : null;
}

/** The ids of a batch, derived from the secret and the batch id, so a batch can be printed again without storing a thousand ids. */
export function batchCardIds(secret: string, batchId: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => cardIdFromBytes(Buffer.from(sign(secret, `batch:${batchId}:${index}`), 'base64url')));
}

/** The number printed on a card, in two groups for reading aloud: 'K7M2 Q9XA'. */
export function formatCardNumber(id: string): string {
  return `${id.slice(0, 4)} ${id.slice(4)}`;
}

/** An idempotency key: what a form or client sends so that a repeated request is done once. */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'An idempotency key is 8–64 letters, digits, "-" or "_"');

export type CardEventType = 'stamp' | 'redeem';

/** One entry of a card's log (table card_events): a stamp or a redeemed reward. */
export interface CardEvent {
  type: CardEventType;
  /** ISO 8601 UTC. */
  at: string;
  /** The request's idempotency key: the same key on one card is applied once. */
  key: string;
}

export interface CardBalance {
  /** Stamps ever collected. */
  stamps: number;
  /** Rewards earned (stamps / stampsPerReward, rounded down). */
  earned: number;
  redeemed: number;
  /** Rewards earned and not yet redeemed. */
  ready: number;
  /** Stamps towards the next reward: 0 … stampsPerReward − 1. */
  progress: number;
  stampsPerReward: number;
  lastStampAt: string | undefined;
}

/** Rewards that `stamps` earn: what the figures and the redemption limit both count. */
const rewardsEarned = (stamps: number, stampsPerReward: number): number => Math.floor(stamps / stampsPerReward);

/**
 * A card's balance, derived from its events (in any order), never stored.
 * @example cardBalance(events, { stampsPerReward: 8 }) → { stamps: 9, ready: 1, progress: 1, … }
 */
export function cardBalance(events: readonly Pick<CardEvent, 'type' | 'at'>[], programme: { stampsPerReward: number }): CardBalance {
  let stamps = 0;
  let redeemed = 0;
  let lastStampAt: string | undefined;
  for (const event of events) {
    if (event.type === 'stamp') {
      stamps++;
      if (!lastStampAt || event.at > lastStampAt) lastStampAt = event.at;
    } else {
      redeemed++;
    }
  }
  const earned = rewardsEarned(stamps, programme.stampsPerReward);
  return { stamps, earned, redeemed, ready: earned - redeemed, progress: stamps % programme.stampsPerReward, stampsPerReward: programme.stampsPerReward, lastStampAt };
}

export interface StampLimits {
  minutesBetweenStamps: number;
  maxStampsPerDay: number;
  timeZone: string;
}

export type Verdict = { ok: true } | { ok: false; reason: 'too-soon'; retryAt: Date } | { ok: false; reason: 'daily-limit' } | { ok: false; reason: 'no-reward' };
export type Refusal = Exclude<Verdict, { ok: true }>;

/**
 * Whether a stamp may be added at `now`, given the card's events: the programme's limits. The database
 * applies the same limits as it inserts a stamp (src/loyalty/queries.ts); this says why one was refused.
 */
export function checkStamp(events: readonly Pick<CardEvent, 'type' | 'at'>[], limits: StampLimits, now: Date): Verdict {
  const stamps = events.filter((event) => event.type === 'stamp');
  const last = stamps.reduce<number | undefined>((latest, event) => Math.max(latest ?? 0, Date.parse(event.at)), undefined);
  const gapMs = limits.minutesBetweenStamps * 60_000;
  if (last !== undefined && now.getTime() - last < gapMs) return { ok: false, reason: 'too-soon', retryAt: new Date(last + gapMs) };
  const today = localDay(now, limits.timeZone);
  const todays = stamps.filter((event) => localDay(new Date(event.at), limits.timeZone) === today).length;
  if (todays >= limits.maxStampsPerDay) return { ok: false, reason: 'daily-limit' };
  return { ok: true };
}

/** Whether a reward may be redeemed: one must be earned and not yet redeemed. */
export function checkRedeem(events: readonly Pick<CardEvent, 'type' | 'at'>[], programme: { stampsPerReward: number }): Verdict {
  return cardBalance(events, programme).ready > 0 ? { ok: true } : { ok: false, reason: 'no-reward' };
}
