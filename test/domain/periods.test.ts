import { describe, expect, test } from 'vitest';
import { countPer, dayOf, localDay, monthOf, nextPeriod, periodStart, periodsBetween } from '../../src/domain/periods.ts';

describe('periods (src/domain/periods.ts)', () => {
  test('dayOf() and monthOf() are the UTC day and month, of a date, an ISO string or a time', () => {
    const late = '2026-11-30T23:30:00-02:00';
    expect([dayOf(new Date(late)), dayOf(late), dayOf(Date.parse(late))]).toEqual(['2026-12-01', '2026-12-01', '2026-12-01']);
    expect([monthOf(new Date(late)), monthOf(late), monthOf(Date.parse(late))]).toEqual(['2026-12', '2026-12', '2026-12']);
  });

  test('localDay() is the calendar day in the time zone', () => {
    expect(localDay(new Date('2026-11-26T23:30:00Z'), 'Europe/Madrid')).toBe('2026-11-27');
    expect(localDay(new Date('2026-11-26T23:30:00Z'), 'UTC')).toBe('2026-11-26');
  });

  test.each([
    ['2026-11-26T10:00:00Z', 'day', '2026-11-26T00:00:00.000Z'],
    ['2026-11-26T10:00:00Z', 'week', '2026-11-23T00:00:00.000Z'],
    ['2026-11-23T00:00:00Z', 'week', '2026-11-23T00:00:00.000Z'],
    ['2026-11-22T23:59:59Z', 'week', '2026-11-16T00:00:00.000Z'],
    ['2026-11-26T10:00:00Z', 'month', '2026-11-01T00:00:00.000Z'],
  ] as const)('%s falls in the %s starting %s (weeks start on Monday)', (date, unit, start) => {
    expect(periodStart(new Date(date), unit).toISOString()).toBe(start);
  });

  test('days, weeks and months roll over months and years', () => {
    expect(nextPeriod(new Date('2026-12-01T00:00:00Z'), 'month').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextPeriod(new Date('2026-02-28T00:00:00Z'), 'day').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(periodsBetween(new Date('2026-12-30T00:00:00Z'), new Date('2027-01-12T00:00:00Z'), 'week').map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2026-12-28', '2027-01-04', '2027-01-11',
    ]);
    expect(periodsBetween(new Date('2026-03-30T00:00:00Z'), new Date('2026-04-02T00:00:00Z'), 'day').map(dayOf)).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02']);
  });

  test('countPer() counts dates per period, empty periods as 0', () => {
    const dates = ['2026-11-02T10:00:00Z', '2026-11-08T23:00:00Z', '2026-11-24T10:00:00Z'].map((iso) => new Date(iso));
    expect(countPer(dates, new Date('2026-11-02'), new Date('2026-11-29'), 'week').map((p) => p.count)).toEqual([2, 0, 0, 1]);
  });
});
