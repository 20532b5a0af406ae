import { z } from 'zod';
import { locales, type Locale } from '../i18n/locales.ts';

/** Text the owner writes once per language, e.g. `{ en: Counter, es: Mostrador }`; a missing one is a content error. */
export const localized = z.object(
  Object.fromEntries(locales.map((locale) => [locale, z.string().trim().min(1, `Write the ${locale} text`)])) as Record<Locale, z.ZodString>,
);
export type Localized = z.infer<typeof localized>;
