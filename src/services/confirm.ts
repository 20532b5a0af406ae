import { createHash } from 'node:crypto';
import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import { welcomeEmail } from '../email/templates/subscription.ts';
import type { Locale } from '../i18n/locales.ts';
import { readConfirmToken, unsubscribeUrl } from './newsletter-links.ts';
import { getSubscriber, updateSubscriber } from './newsletter-store.ts';

export type ConfirmResult =
  | { ok: true; locale: Locale; email: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'unsubscribed'; locale: Locale };

/**
 * Confirms a sign-up from its emailed link in one GET and sends the welcome
 * email (once). A link older than the address's latest unsubscribe does nothing.
 * @example const result = await confirmSubscription(app, url.searchParams.get('token') ?? '')
 */
export async function confirmSubscription(app: App, token: string): Promise<ConfirmResult> {
  const data = readConfirmToken(app, token);
  if (!data) return { ok: false, reason: 'invalid' };
  const { email, locale, issuedAt } = data;
  const stamp = app.now().toISOString();
  const outcome = await updateSubscriber(app.store, email, (draft): 'confirmed' | 'already' | 'unsubscribed' | 'missing' => {
    const subscriber = draft.subscriber;
    if (!subscriber) return 'missing';
    if (subscriber.status === 'confirmed') return 'already';
    const unsubscribedAt = subscriber.unsubscribedAt ? Date.parse(subscriber.unsubscribedAt) : 0;
    if (subscriber.status === 'unsubscribed' || issuedAt.getTime() <= unsubscribedAt) return 'unsubscribed';
    Object.assign(subscriber, { status: 'confirmed', confirmedAt: stamp, updatedAt: stamp });
    return 'confirmed';
  });
  if (outcome === 'missing') return { ok: false, reason: 'invalid' };
  if (outcome === 'unsubscribed') return { ok: false, reason: 'unsubscribed', locale };
  if (outcome === 'confirmed') {
    const subscriber = await getSubscriber(app.store, email);
    const language = subscriber?.locale ?? locale;
    const message = welcomeEmail(language, readSite(), app.config.siteUrl, unsubscribeUrl(app, email, language));
    // One welcome per confirmation, even if the page is reloaded while the email is on its way.
    const key = `welcome-${createHash('sha256').update(`${email} ${stamp}`).digest('hex').slice(0, 32)}`;
    const sent = await app.mailer.send({ to: email, ...message }, { idempotencyKey: key });
    if (!sent.ok) console.error(`Newsletter welcome to ${email} failed: ${sent.error.message}`);
    return { ok: true, locale: language, email };
  }
  return { ok: true, locale, email };
}
