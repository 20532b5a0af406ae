import { z } from 'zod';
import { periodStart, type Unit } from '../domain/periods.ts';

const units = z.enum(['day', 'week', 'month']);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).transform((value) => new Date(`${value}T00:00:00Z`)).refine((date) => !Number.isNaN(date.getTime()));

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
 * The period the owner picked (`?unit=week&from=2026-09-01&to=2026-11-30`);
 * a missing or malformed value falls back to the last 12 days, weeks or months. `now` is a calendar day as
 * a UTC midnight (the shop's today).
 */
export function rangeFrom(params: URLSearchParams, now: Date): Range {
  const unit: Unit = units.catch('week').parse(params.get('unit'));
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
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
