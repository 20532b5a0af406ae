import { z } from 'zod';
import { locales, type Locale } from '../i18n/locales.ts';

/**
 * Text that the owner writes once per language, e.g. `{ en: Counter, es: Mostrador }`.
 * A missing language is a content error that names the file and the field.
 */
export const localized = z.object(
  Object.fromEntries(locales.map((locale) => [locale, z.string().trim().min(1, `Write the ${locale} text`)])) as Record<Locale, z.ZodString>,
);
export type Localized = z.infer<typeof localized>;
