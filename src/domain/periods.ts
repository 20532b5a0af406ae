/** Days, weeks and months for charts over time: calendar days as UTC midnights, weeks from Monday (ISO 8601). */

export type Unit = 'day' | 'week' | 'month';

/** `2026-11-26`: the UTC day of a moment (record folders, rollups, date inputs). */
export const dayOf = (moment: Date | string | number): string => new Date(moment).toISOString().slice(0, 10);

/** `2026-11`: the UTC month of a moment (record prefixes, rollups, a newsletter issue's id). */
export const monthOf = (moment: Date | string | number): string => new Date(moment).toISOString().slice(0, 7);

// One formatter per time zone: making one costs far more than using it, and the newsletter's schedule asks hundreds of times.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `date` in `timeZone`: '2026-11-26'. */
export function localDay(date: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(date);
}

/**
 * The month (`2026-04`) an instant falls in on the shop's clock.
 * @example monthIn(new Date('2026-03-31T23:30:00Z'), 'Europe/Madrid') → '2026-04'
 */
export function monthIn(moment: Date, timeZone: string): string {
  return localDay(moment, timeZone).slice(0, 7);
}

/** The start of the day, week (Monday) or month (UTC) that `date` falls in. */
export function periodStart(date: Date, unit: Unit): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), unit === 'month' ? 1 : date.getUTCDate()));
  if (unit === 'week') day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day;
}

/** The start of the period after the one starting at `start`. */
export function nextPeriod(start: Date, unit: Unit): Date {
  const next = new Date(start);
  if (unit === 'day') next.setUTCDate(next.getUTCDate() + 1);
  else if (unit === 'week') next.setUTCDate(next.getUTCDate() + 7);
  else next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
}

/** Every period from the one holding `from` to the one holding `to` (inclusive), oldest first. */
export function periodsBetween(from: Date, to: Date, unit: Unit): Date[] {
  const periods: Date[] = [];
  for (let start = periodStart(from, unit); start <= to; start = nextPeriod(start, unit)) periods.push(start);
  return periods;
}

/**
 * How many of `dates` fall in each period from `from` to `to`, empty periods as 0.
 * @example countPer([new Date('2026-11-24')], new Date('2026-11-16'), new Date('2026-11-30'), 'week') → [0, 1]
 */
export function countPer(dates: readonly Date[], from: Date, to: Date, unit: Unit): { start: Date; count: number }[] {
  const counts = new Map<number, number>();
  for (const date of dates) {
    const key = periodStart(date, unit).getTime();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return periodsBetween(from, to, unit).map((start) => ({ start, count: counts.get(start.getTime()) ?? 0 }));
}
