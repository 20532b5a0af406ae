import { app, type App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { formatDate, formatNumber, translator } from '../i18n/strings.ts';
import { adminLocale } from '../sessions/access.ts';
import { readDashboardCatalog, type DashboardCatalog } from './catalog.ts';

/** What every dashboard page starts with: the owner's language, its strings and formats, the app and the content. */
export interface AdminPage {
  lang: Locale;
  t: ReturnType<typeof translator>;
  app: App;
  catalog: DashboardCatalog;
  /** A whole number in the owner's language. */
  n: (value: number) => string;
  /** A date and time, short, on the shop's clock. */
  when: (iso: string | Date) => string;
}

/** @example const { lang, t, app, catalog, n } = adminPage(Astro.request) */
export function adminPage(request: Request): AdminPage {
  const lang = adminLocale(request);
  const catalog = readDashboardCatalog();
  return {
    lang,
    t: translator(lang),
    app: app(),
    catalog,
    n: (value) => formatNumber(lang, value),
    when: (iso) => formatDate(lang, iso, { dateStyle: 'medium', timeStyle: 'short', timeZone: catalog.timeZone }),
  };
}
