import { locales, type Locale } from './locales.ts';

/** The UI string files: area (file name) → locale → flat dotted keys. */
export type Dictionaries = Record<string, Record<Locale, Record<string, string>>>;

/** Throws, naming file and key, for a string missing in a language or empty: a missing translation is a build error. */
export function checkDictionaries(files: Dictionaries): void {
  const problems: string[] = [];
  for (const [area, byLocale] of Object.entries(files)) {
    const allKeys = new Set(locales.flatMap((locale) => Object.keys(byLocale[locale])));
    for (const locale of locales) {
      const file = `content/i18n/${locale}/${area}.json`;
      for (const key of allKeys) {
        const value = byLocale[locale][key];
        if (value === undefined) {
          const other = locales.find((l) => byLocale[l][key] !== undefined);
          problems.push(`${file} is missing "${key}" (it is in content/i18n/${other}/${area}.json)`);
        } else if (typeof value !== 'string' || value.trim() === '') {
          problems.push(`${file} has an empty string for "${key}"`);
        }
      }
    }
  }
  if (problems.length > 0) throw new Error(`UI strings are incomplete:\n  ${problems.join('\n  ')}`);
}
