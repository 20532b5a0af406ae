import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import { pseudonym } from '../domain/signing.ts';
import { normaliseEmail } from '../email/address.ts';
import { confirmationEmail } from '../email/templates/subscription.ts';
import type { Locale } from '../i18n/locales.ts';
import { hit } from '../limits/rate-limit.ts';
import type { RateLimit } from '../limits/window.ts';
import { confirmUrl } from './links.ts';
import { requestSubscription } from './queries.ts';

/** Sign-ups per client address per hour: plenty for a shop's Wi-Fi, too few for a script. */
export const signupLimit: RateLimit = { name: 'newsletter-signup', max: 20, windowMs: 3_600_000 };
/** Confirmation emails per address per day, so nobody can flood someone else's inbox. */
export const confirmationLimit: RateLimit = { name: 'newsletter-confirmation', max: 3, windowMs: 86_400_000 };

/**
 * A sign-up request: the address becomes (or stays) pending and gets a confirmation email. Whether it was
 * already subscribed never shows in the result: a confirmed address simply gets no email.
 * @example await subscribe(app, { email: 'Ana@Example.com', locale: 'es', source: 'footer', client: ip })
 */
export async function subscribe(app: App, input: { email: string; locale: Locale; source: string; client: string }): Promise<
  { ok: true } | { ok: false; reason: 'invalid-email' | 'mail-failed' } | { ok: false; reason: 'rate-limited'; retryAfter: number }
> {
  const email = normaliseEmail(input.email);
  if (!email) return { ok: false, reason: 'invalid-email' };
  const now = app.now();
  const secret = app.secret('SESSION_SECRET');
  const verdict = await hit(app, signupLimit, pseudonym(secret, input.client), now);
  if (!verdict.ok) return { ok: false, reason: 'rate-limited', retryAfter: verdict.retryAfter };

  const pending = await requestSubscription(app.db, { email, locale: input.locale, source: input.source, at: now });
  if (pending.length === 0) return { ok: true };
  if (!(await hit(app, confirmationLimit, pseudonym(secret, email), now)).ok) return { ok: true };

  const message = confirmationEmail(input.locale, readSite(), app.config.siteUrl, confirmUrl(app, email, input.locale, now));
  const sent = await app.mailer.send({ to: email, ...message });
  if (!sent.ok) {
    console.error(`Newsletter confirmation to ${email} failed: ${sent.error.message}`);
    return { ok: false, reason: 'mail-failed' };
  }
  return { ok: true };
}
