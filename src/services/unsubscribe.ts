import type { App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { shardFor } from './newsletter-store.ts';

/**
 * Unsubscribes a normalised address at once (one-click, the dashboard). An
 * unknown address is recorded as unsubscribed too, so it is never emailed.
 * Returns the subscriber's language, for the answer page.
 * @example await unsubscribe(app, 'ana@example.com', 'email-link')
 */
export async function unsubscribe(app: App, email: string, fallbackLocale: Locale, source = 'unsubscribe-link'): Promise<{ locale: Locale }> {
  const stamp = app.now().toISOString();
  return app.store.update(shardFor(email), (draft) => {
    const existing = draft.subscribers[email];
    if (existing?.status === 'unsubscribed') return { locale: existing.locale };
    draft.subscribers[email] = {
      source,
      subscribedAt: stamp,
      locale: fallbackLocale,
      ...existing,
      email,
      status: 'unsubscribed',
      unsubscribedAt: stamp,
      updatedAt: stamp,
    };
    return { locale: draft.subscribers[email].locale };
  });
}
