import { intlLocale, type Locale } from './locales.ts';

/** Numbers, dates, prices and placeholders per language; the editor's previews run it in the browser, so it imports no dictionaries. */

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(intlLocale[locale], options).format(value);
}

export function formatDate(locale: Locale, date: Date | string, options: Intl.DateTimeFormatOptions = { dateStyle: 'long' }): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { timeZone: 'UTC', ...options }).format(new Date(date));
}

/**
 * A product's price, with its unit when it has one.
 * @example formatPrice('es', { amount: 12.5, currency: 'EUR', per: '250 g' }) → "12,50 € / 250 g"
 */
export function formatPrice(locale: Locale, price: { amount: number; currency: string; per?: string | undefined }): string {
  const amount = formatNumber(locale, price.amount, { style: 'currency', currency: price.currency });
  return price.per ? `${amount} / ${price.per}` : amount;
}

/** A month as a label, capitalised: "November 2026", "Noviembre de 2026". */
export function monthLabel(locale: Locale, date: Date | string): string {
  const month = formatDate(locale, date, { month: 'long', year: 'numeric' });
  return month.charAt(0).toUpperCase() + month.slice(1);
}

/**
 * Fills `{name}` placeholders (numbers formatted for the language); unknown names are left as they are.
 * @example fill('en', '{count} stamps', { count: 1200 }) → "1,200 stamps"
 */
export function fill(locale: Locale, template: string, vars: Record<string, string | number | undefined> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = vars[name];
    return value === undefined ? match : typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}
