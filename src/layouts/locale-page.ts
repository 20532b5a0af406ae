import type { Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/strings.ts';

/** What a page under /[lang]/ starts with: its language and its strings. @example const { lang, t } = localePage(Astro.params) */
export function localePage(params: { lang?: string | undefined }): { lang: Locale; t: ReturnType<typeof translator> } {
  const lang = params.lang as Locale;
  return { lang, t: translator(lang) };
}
