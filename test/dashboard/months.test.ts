import { describe, expect, test } from 'vitest';
import { monthIn } from '../../src/domain/periods.ts';
import { chosenMonth, shiftMonth } from '../../src/dashboard/months.ts';

describe('monthIn()', () => {
  test.each([
    ['2026-03-31T23:30:00Z', 'Europe/Madrid', '2026-04'],
    ['2026-03-31T23:30:00Z', 'UTC', '2026-03'],
    ['2026-03-01T03:00:00Z', 'America/New_York', '2026-02'],
    ['2026-10-31T23:30:00Z', 'Europe/Madrid', '2026-11'],
  ])('%s in %s is in %s', (iso, timeZone, month) => {
    expect(monthIn(new Date(iso), timeZone)).toBe(month);
  });
});

describe('shiftMonth()', () => {
  test.each([
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-04', -5, '2025-11'],
    ['2026-04', 0, '2026-04'],
  ] as const)('%s %i → %s', (month, by, shifted) => {
    expect(shiftMonth(month, by)).toBe(shifted);
  });
});

describe('chosenMonth()', () => {
  test.each([
    ['2026-03', '2026-03'],
    ['2026-11', '2026-11'],
    ['2026-12', '2026-11'],
    ['2026-13', '2026-11'],
    ['2026-3', '2026-11'],
    [null, '2026-11'],
  ])('?month=%s when this month is 2026-11 → %s', (wanted, month) => {
    expect(chosenMonth(wanted, '2026-11')).toBe(month);
  });
});
