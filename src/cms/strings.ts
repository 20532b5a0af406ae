import { locales, type Locale } from '../i18n/locales.ts';

/**
 * Interface strings as the editor shows them: one entry per area (`content/i18n/{area}.json`) with both languages of
 * each key side by side. Decap reads a dot in a field name as nesting, so keys are written with `__` there.
 */

export const stringFieldName = (key: string): string => key.replaceAll('.', '__');
const keyOf = (field: string): string => field.replaceAll('__', '.');

const joined = /^(content\/i18n)\/([a-z0-9-]+)\.json$/;

/** `content/i18n/admin.json` → the real files, `{ en: 'content/i18n/en/admin.json', … }`; undefined for other paths. */
export function stringFiles(path: string): Record<Locale, string> | undefined {
  const match = joined.exec(path);
  return match ? (Object.fromEntries(locales.map((locale) => [locale, `${match[1]}/${locale}/${match[2]}.json`])) as Record<Locale, string>) : undefined;
}

/** Both languages' files as the editor's one entry: `{ "nav__home": { en: "Home", es: "Inicio" } }`, in English key order. */
export function joinStrings(files: Record<Locale, string>): string {
  const parsed = Object.fromEntries(locales.map((locale) => [locale, JSON.parse(files[locale] || '{}') as Record<string, string>])) as Record<Locale, Record<string, string>>;
  const keys = [...new Set(locales.flatMap((locale) => Object.keys(parsed[locale])))];
  return JSON.stringify(Object.fromEntries(keys.map((key) => [stringFieldName(key), Object.fromEntries(locales.map((locale) => [locale, parsed[locale][key] ?? '']))])));
}

/** The editor's entry back into one flat JSON text per language. */
export function splitStrings(raw: string): Record<Locale, string> {
  const entry = JSON.parse(raw) as Record<string, Partial<Record<Locale, string>>>;
  return Object.fromEntries(
    locales.map((locale) => [locale, `${JSON.stringify(Object.fromEntries(Object.entries(entry).map(([field, texts]) => [keyOf(field), texts[locale] ?? ''])), null, 2)}\n`]),
  ) as Record<Locale, string>;
}
