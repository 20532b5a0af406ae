import type { Unit } from '../domain/periods.ts';
import { intlLocale, type Locale } from '../i18n/locales.ts';
import { formatDate } from '../i18n/strings.ts';

/** A short axis label for a period: "23 Nov" for a day or a week (its Monday), "Nov 2026" for a month. */
export function periodLabel(lang: Locale, start: Date, unit: Unit): string {
  return formatDate(lang, start, unit === 'month' ? { month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short' });
}

/**
 * A duration in the largest sensible units: "2 days, 3 hours", "45 minutes".
 * @example formatDuration('es', 90 * 60_000) → "1 hora, 30 minutos"
 */
export function formatDuration(lang: Locale, ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const parts: [number, 'day' | 'hour' | 'minute'][] =
    minutes >= 1440 ? [[Math.floor(minutes / 1440), 'day'], [Math.floor((minutes % 1440) / 60), 'hour']]
    : minutes >= 60 ? [[Math.floor(minutes / 60), 'hour'], [minutes % 60, 'minute']]
    : [[minutes, 'minute']];
  return parts
    .filter(([value], index) => index === 0 || value > 0)
    .map(([value, unit]) => new Intl.NumberFormat(intlLocale[lang], { style: 'unit', unit, unitDisplay: 'long' }).format(value))
    .join(', ');
}

/**
 * The start of a long text, cut at a word near `max` characters with "…"; a short text as it is.
 * @example excerpt('a'.repeat(500)).length → 281
 */
export function excerpt(text: string, max = 280): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return `${text.slice(0, cut > max * 0.6 ? cut : max).trimEnd()}…`;
}
