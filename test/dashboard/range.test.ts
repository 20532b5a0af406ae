import { describe, expect, test } from 'vitest';
import { rangeFrom } from '../../src/dashboard/range.ts';

describe('rangeFrom()', () => {
  test("the default range ends today on the shop's clock, not UTC's", () => {
    const lateInMadrid = new Date('2026-11-30T23:30:00Z');
    expect(rangeFrom(new URLSearchParams(), lateInMadrid, 'Europe/Madrid').to).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(rangeFrom(new URLSearchParams(), lateInMadrid, 'UTC').to).toEqual(new Date('2026-11-30T00:00:00Z'));
  });

  test('days the owner picked stay as picked, whole periods from the first', () => {
    const range = rangeFrom(new URLSearchParams('unit=month&from=2026-09-15&to=2026-11-20'), new Date('2026-11-26T10:00:00Z'), 'Europe/Madrid');
    expect(range).toEqual({ unit: 'month', from: new Date('2026-09-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z'), end: new Date('2026-11-21T00:00:00Z') });
  });
});
