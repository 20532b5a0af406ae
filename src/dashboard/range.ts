import { z } from 'zod';
import { localDay, periodStart, type Unit } from '../domain/periods.ts';

const units = z.enum(['day', 'week', 'month']);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).transform((value) => new Date(`${value}T00:00:00Z`)).refine((date) => !Number.isNaN(date.getTime()));

/** Days of the shop's calendar, each held as midnight UTC of its date (a date, not an instant). */
export interface Range {
  unit: Unit;
  /** First day shown (start of its period). */
  from: Date;
  /** Last day shown, inclusive. */
  to: Date;
  /** Exclusive end, for queries: the day after `to`. */
  end: Date;
}

/**
 * The period the owner picked (`?unit=week&from=2026-09-01&to=2026-11-30`): days of the shop's calendar;
 * a missing or malformed value falls back to the last 12 days, weeks or months up to today on the shop's clock.
 * @example rangeFrom(new URLSearchParams('unit=month'), new Date('2026-11-30T23:30:00Z'), 'Europe/Madrid').to → 2026-12-01 (Madrid's today)
 */
export function rangeFrom(params: URLSearchParams, now: Date, timeZone: string): Range {
  const unit: Unit = units.catch('week').parse(params.get('unit'));
  const today = new Date(`${localDay(now, timeZone)}T00:00:00Z`);
  const to = day.safeParse(params.get('to')).data ?? today;
  let from = day.safeParse(params.get('from')).data;
  if (!from || from > to) {
    from = periodStart(to, unit);
    for (let i = 0; i < 11; i++) from = periodStart(new Date(from.getTime() - 1), unit);
  }
  from = periodStart(from, unit);
  const end = new Date(to.getTime() + 86_400_000);
  return { unit, from, to, end };
}
