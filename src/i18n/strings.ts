import enAdmin from '../../content/i18n/en/admin.json' with { type: 'json' };
import enCommon from '../../content/i18n/en/common.json' with { type: 'json' };
import enLoyalty from '../../content/i18n/en/loyalty.json' with { type: 'json' };
import enNewsletter from '../../content/i18n/en/newsletter.json' with { type: 'json' };
import enProducts from '../../content/i18n/en/products.json' with { type: 'json' };
import enSurvey from '../../content/i18n/en/survey.json' with { type: 'json' };
import enWallet from '../../content/i18n/en/wallet.json' with { type: 'json' };
import esAdmin from '../../content/i18n/es/admin.json' with { type: 'json' };
import esCommon from '../../content/i18n/es/common.json' with { type: 'json' };
import esLoyalty from '../../content/i18n/es/loyalty.json' with { type: 'json' };
import esNewsletter from '../../content/i18n/es/newsletter.json' with { type: 'json' };
import esProducts from '../../content/i18n/es/products.json' with { type: 'json' };
import esSurvey from '../../content/i18n/es/survey.json' with { type: 'json' };
import esWallet from '../../content/i18n/es/wallet.json' with { type: 'json' };
import { checkDictionaries, type Dictionaries } from './check.ts';
import { fill } from './format.ts';
import { intlLocale, type Locale } from './locales.ts';

// English is the reference: its keys are the type of every key.
const en = { ...enCommon, ...enSurvey, ...enLoyalty, ...enProducts, ...enNewsletter, ...enAdmin, ...enWallet };
export type UiKey = keyof typeof en;

const files: Dictionaries = {
  common: { en: enCommon, es: esCommon },
  survey: { en: enSurvey, es: esSurvey },
  loyalty: { en: enLoyalty, es: esLoyalty },
  products: { en: enProducts, es: esProducts },
  newsletter: { en: enNewsletter, es: esNewsletter },
  admin: { en: enAdmin, es: esAdmin },
  wallet: { en: enWallet, es: esWallet },
};

// A string missing in one language stops the build (every page imports this) and names it.
checkDictionaries(files);

const dictionaries = Object.fromEntries(
  (['en', 'es'] as const).map((locale) => [locale, Object.assign({}, ...Object.values(files).map((area) => area[locale]))]),
) as Record<Locale, Record<UiKey, string>>;

export type Vars = Record<string, string | number>;

/**
 * The UI string `key` in `locale`, with `{name}` placeholders filled.
 * @example t('es', 'survey.thanks.title') → "¡Gracias!"
 */
export function t(locale: Locale, key: UiKey, vars: Vars = {}): string {
  return fill(locale, dictionaries[locale][key], vars);
}

/** A string that counts something: written as `key.one` and `key.other` (and any other plural category a language needs). */
export type PluralKey = UiKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** Whether `key` is written in plural forms (`key.other` exists). */
export function isPluralKey(key: string): key is PluralKey {
  return `${key}.other` in dictionaries.en;
}

/**
 * A counted string in the plural form `count` takes in `locale`, `{count}` filled in; a category the file does not
 * write (Spanish `many`) uses `other`.
 * @example tn('es', 'admin.newsletter.reach', 1) → "1 suscriptor"
 */
export function tn(locale: Locale, key: PluralKey, count: number, vars: Vars = {}): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(intlLocale[locale])));
  const exact = `${key}.${rules.select(count)}`;
  return t(locale, (exact in dictionaries[locale] ? exact : `${key}.other`) as UiKey, { ...vars, count });
}

/** A `t` bound to one locale, for pages and templates. */
export function translator(locale: Locale): (key: UiKey, vars?: Vars) => string {
  return (key, vars) => t(locale, key, vars);
}

/** Every string of one language whose key starts with `prefix`, for islands that take strings as props. */
export function stringsWithPrefix(locale: Locale, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(dictionaries[locale]).filter(([key]) => key.startsWith(prefix)));
}

export { formatDate, formatNumber } from './format.ts';

/**
 * A language's name in `locale`, for running text ("en inglés"); `localeNames` has each one's own name.
 * @example languageName('es', 'en') → "inglés"
 */
export function languageName(locale: Locale, of: Locale): string {
  return new Intl.DisplayNames(intlLocale[locale], { type: 'language' }).of(of) ?? of;
}
