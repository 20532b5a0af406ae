import { randomBytes } from 'node:crypto';
import type { App } from '../app.ts';
import { pseudonym } from '../domain/signing.ts';
import type { Locale } from '../i18n/locales.ts';
import { hit } from '../limits/rate-limit.ts';
import type { RateLimit } from '../limits/window.ts';
import { cardIdFromBytes } from './card.ts';
import { codeOf } from './codes.ts';
import { insertDigitalCard } from './queries.ts';

/** A whole café on one Wi-Fi may sign up, but not a script: the survey's limit, 20 per 10 minutes per address. */
export const signupLimit: RateLimit = { name: 'card-signups', max: 20, windowMs: 10 * 60_000 };

export type SignupResult = { ok: true; code: string; card: string } | { ok: false; reason: 'bot' } | { ok: false; reason: 'rate-limited'; retryAfter: number };

/**
 * Issues a card on a customer's phone: an ordinary card with a random id, recorded with origin 'digital', within
 * the flood limit per client address (counted under a pseudonym, never stored raw).
 */
export async function issueDigitalCard(app: App, input: { locale: Locale; client: string; honeypot?: string }): Promise<SignupResult> {
  if (input.honeypot?.trim()) return { ok: false, reason: 'bot' };
  const now = app.now();
  const verdict = await hit(app, signupLimit, pseudonym(app.secret('SESSION_SECRET'), input.client), now);
  if (!verdict.ok) return { ok: false, reason: 'rate-limited', retryAfter: verdict.retryAfter };
  // 40 random bits: a taken id is all but impossible, and then another is drawn.
  for (;;) {
    const card = cardIdFromBytes(randomBytes(8));
    if (await insertDigitalCard(app.db, { card, locale: input.locale, at: now })) return { ok: true, code: codeOf(app, card), card };
  }
}
