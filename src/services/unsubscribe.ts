import type { App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { countEvent } from './delivery-figures.ts';
import { updateSubscriber } from './newsletter-store.ts';

/**
 * Unsubscribes a normalised address at once (one-click, the dashboard). An
 * unknown address is recorded as unsubscribed too, so it is never emailed.
 * Returns the subscriber's language, for the answer page. A link from a
 * newsletter names its issue, whose figures then count the unsubscribe (once).
 * @example await unsubscribe(app, 'ana@example.com', 'es', { issue: '2026-11' })
 */
export async function unsubscribe(app: App, email: string, fallbackLocale: Locale, options: { source?: string; issue?: string } = {}): Promise<{ locale: Locale }> {
  const source = options.source ?? 'unsubscribe-link';
  const stamp = app.now().toISOString();
  const result = await updateSubscriber(app.store, email, (draft) => {
    const existing = draft.subscriber;
    if (existing?.status === 'unsubscribed') return { locale: existing.locale, changed: false };
    draft.subscriber = {
      source,
      subscribedAt: stamp,
      locale: fallbackLocale,
      ...existing,
      email,
      status: 'unsubscribed',
      unsubscribedAt: stamp,
      updatedAt: stamp,
    };
    return { locale: draft.subscriber.locale, changed: existing?.status === 'confirmed' };
  });
  if (result.changed && options.issue) await countEvent(app, options.issue, 'unsubscribed');
  return { locale: result.locale };
}
