import type { App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { unsubscribeSubscriber } from './queries.ts';

/**
 * Unsubscribes a normalised address at once (see unsubscribeSubscriber); the subscriber's language, for the answer page.
 * @example await unsubscribe(app, 'ana@example.com', 'es', { issue: '2026-11' })
 */
export async function unsubscribe(app: App, email: string, fallbackLocale: Locale, options: { source?: string; issue?: string } = {}): Promise<{ locale: Locale }> {
  const [person] = await unsubscribeSubscriber(app.db, { email, fallbackLocale, source: options.source ?? 'unsubscribe-link', issue: options.issue, at: app.now() });
  return { locale: person?.locale ?? fallbackLocale };
}
