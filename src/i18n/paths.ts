import { isLocale, locales, type Locale } from './locales.ts';

/** The same page in another language: `/en/products/x/` → `/es/products/x/`; a path without a prefix gets one. */
export function switchLocale(pathname: string, to: Locale): string {
  const parts = pathname.split('/');
  if (isLocale(parts[1])) parts[1] = to;
  else parts.splice(1, 0, to);
  return parts.join('/') || `/${to}/`;
}

/** Every language version of a path, for hreflang alternates. */
export function alternates(pathname: string): { locale: Locale; path: string }[] {
  return locales.map((locale) => ({ locale, path: switchLocale(pathname, locale) }));
}

/** Static paths for a page that exists once per language. */
export function localeStaticPaths(): { params: { lang: Locale } }[] {
  return locales.map((lang) => ({ params: { lang } }));
}
