import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../app.ts';
import { cardCode, cardIdFromBytes, cardIdPattern, cardShard } from '../domain/card.ts';
import type { RateLimit } from '../limits/window.ts';
import { pseudonym } from '../domain/signing.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { defineDoc } from '../store/store.ts';
import { hit } from '../limits/rate-limit.ts';

/**
 * Digital sign-up: a customer without a paper card gets one on their phone. A
 * digital card is an ordinary card (same code format, signature and rules) of
 * the batch "digital"; its id is random and recorded, so that the dashboard can
 * tell printed cards from digital ones.
 *
 *   cards/digital/{shard}   { cards: DigitalCard[] }   shard = first character of the card id
 */

/** A whole café on one Wi-Fi may sign up, but not a script: the survey's limit, 20 per 10 minutes per address. */
export const signupLimit: RateLimit = { name: 'card-signups', max: 20, windowMs: 10 * 60_000 };

export const digitalCardSchema = z.object({
  card: z.string().regex(cardIdPattern),
  batch: z.literal('digital'),
  createdAt: z.iso.datetime(),
  /** The language the customer signed up in. */
  locale: z.enum(locales),
});
export type DigitalCard = z.infer<typeof digitalCardSchema>;

export const digitalCardsDoc = (shard: string) =>
  defineDoc(`cards/digital/${shard}`, z.object({ cards: z.array(digitalCardSchema) }), () => ({ cards: [] }));

export type SignupResult = { ok: true; code: string; card: DigitalCard } | { ok: false; reason: 'bot' } | { ok: false; reason: 'rate-limited'; retryAfter: number };

/**
 * Issues a new digital card to a customer at the counter, within the flood limit
 * per client address (counted under a pseudonym, never stored raw).
 * @example await issueDigitalCard(app, { locale: 'es', client: ip })
 */
export async function issueDigitalCard(app: App, input: { locale: Locale; client: string; honeypot?: string }): Promise<SignupResult> {
  if (input.honeypot?.trim()) return { ok: false, reason: 'bot' };
  const now = app.now();
  const verdict = await hit(app, signupLimit, pseudonym(app.secret('SESSION_SECRET'), input.client), now);
  if (!verdict.ok) return { ok: false, reason: 'rate-limited', retryAfter: verdict.retryAfter };
  const card: DigitalCard = { card: cardIdFromBytes(randomBytes(8)), batch: 'digital', createdAt: now.toISOString(), locale: input.locale };
  await app.store.update(digitalCardsDoc(cardShard(card.card)), (draft) => {
    draft.cards.push(card);
  });
  return { ok: true, code: cardCode(app.secret('CARD_SECRET'), card.card), card };
}

/** Every digital card, oldest first. */
export async function listDigitalCards(app: App): Promise<DigitalCard[]> {
  const keys = await app.store.keys('cards/digital/');
  const docs = await Promise.all(keys.map((key) => app.store.read(digitalCardsDoc(key.split('/').pop()!))));
  return docs.flatMap((doc) => doc.cards).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
