import { createHash } from 'node:crypto';
import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import { welcomeEmail } from '../email/templates/subscription.ts';
import type { Locale } from '../i18n/locales.ts';
import { readConfirmToken, unsubscribeUrl } from './links.ts';
import { confirmSubscriber } from './queries.ts';

/**
 * Confirms a sign-up from its emailed link in one GET and sends the welcome email (once: only the click
 * that confirmed sends it). A link older than the address's latest unsubscribe does nothing.
 * @example const result = await confirmSubscription(app, url.searchParams.get('token') ?? '')
 */
export async function confirmSubscription(app: App, token: string): Promise<
  { ok: true; locale: Locale; email: string } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'unsubscribed'; locale: Locale }
> {
  const data = readConfirmToken(app, token);
  if (!data) return { ok: false, reason: 'invalid' };
  const { email, issuedAt } = data;
  const now = app.now();
  const [result] = await confirmSubscriber(app.db, { email, issuedAt, at: now });
  if (!result) return { ok: false, reason: 'invalid' };
  if (result.outcome === 'unsubscribed') return { ok: false, reason: 'unsubscribed', locale: result.locale };
  if (result.outcome === 'confirmed') {
    const message = welcomeEmail(result.locale, readSite(), app.config.siteUrl, unsubscribeUrl(app, email, result.locale));
    // One welcome per confirmation, even if the provider's answer is lost and the call is retried.
    const key = `welcome-${createHash('sha256').update(`${email} ${now.toISOString()}`).digest('hex').slice(0, 32)}`;
    const sent = await app.mailer.send({ to: email, ...message }, { idempotencyKey: key });
    if (!sent.ok) console.error(`Newsletter welcome to ${email} failed: ${sent.error.message}`);
  }
  return { ok: true, locale: result.locale, email };
}
