import { describe, expect, test } from 'vitest';
import { isBirthday, shardNames, shardOf } from '../../src/domain/newsletter.ts';

describe('shardOf()', () => {
  test('puts an address in one of 16 stable shards', () => {
    expect(shardNames).toHaveLength(16);
    expect(shardNames).toContain(shardOf('ana@example.com'));
    expect(shardOf('ana@example.com')).toBe(shardOf('ana@example.com'));
  });
});

describe('isBirthday()', () => {
  test('matches day and month in UTC', () => {
    expect(isBirthday({ day: 26, month: 11 }, new Date('2026-11-26T06:00:00Z'))).toBe(true);
    expect(isBirthday({ day: 26, month: 11 }, new Date('2026-11-27T06:00:00Z'))).toBe(false);
  });
  test('celebrates 29 February on 28 February outside leap years only', () => {
    expect(isBirthday({ day: 29, month: 2 }, new Date('2027-02-28T06:00:00Z'))).toBe(true);
    expect(isBirthday({ day: 29, month: 2 }, new Date('2028-02-28T06:00:00Z'))).toBe(false);
    expect(isBirthday({ day: 29, month: 2 }, new Date('2028-02-29T06:00:00Z'))).toBe(true);
  });
});
