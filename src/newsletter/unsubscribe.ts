import type { App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { unsubscribeSubscriber } from './queries.ts';

/**
 * Unsubscribes a normalised address at once (one-click, the dashboard). An unknown address is recorded as
 * unsubscribed too, so it is never emailed. Returns the subscriber's language, for the answer page. A link
 * from a newsletter names its issue, whose figures then count the unsubscribe (once per email).
 * @example await unsubscribe(app, 'ana@example.com', 'es', { issue: '2026-11' })
 */
export async function unsubscribe(app: App, email: string, fallbackLocale: Locale, options: { source?: string; issue?: string } = {}): Promise<{ locale: Locale }> {
  const [person] = await unsubscribeSubscriber(app.db, { email, fallbackLocale, source: options.source ?? 'unsubscribe-link', issue: options.issue, at: app.now() });
  return { locale: person?.locale ?? fallbackLocale };
}
