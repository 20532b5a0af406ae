import { describe, expect, test } from 'vitest';
import { backoffMs, batchKey, chunk, isBirthday, issueToSend, nextBatch, normaliseEmail, sendOrder, shardNames, shardOf } from '../../src/domain/newsletter.ts';

describe('normaliseEmail()', () => {
  test.each([
    ['  Ana@Example.COM ', 'ana@example.com'],
    ['Ana+News@Example.com\n', 'ana+news@example.com'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });

  test.each(['', 'ana', 'ana@', '@example.com', 'ana@@example.com', 'ana @example.com', `${'a'.repeat(250)}@example.com`])('rejects %j', (raw) => {
    expect(normaliseEmail(raw)).toBeNull();
  });
});

describe('shardOf()', () => {
  test('puts an address in one of 16 stable shards', () => {
    expect(shardNames).toHaveLength(16);
    expect(shardNames).toContain(shardOf('ana@example.com'));
    expect(shardOf('ana@example.com')).toBe(shardOf('ana@example.com'));
  });
});

describe('issueToSend()', () => {
  test("sends this month's issue (UTC) when it exists", () => {
    expect(issueToSend(new Date('2026-11-01T09:00:00Z'), ['2026-10', '2026-11'])).toEqual({ issue: '2026-11', exists: true });
  });
  test('reports a month without an issue', () => {
    expect(issueToSend(new Date('2026-12-01T09:00:00Z'), ['2026-11'])).toEqual({ issue: '2026-12', exists: false });
  });
  test('an explicitly requested issue wins', () => {
    expect(issueToSend(new Date('2026-12-01T09:00:00Z'), ['2026-10'], '2026-10')).toEqual({ issue: '2026-10', exists: true });
  });
});

describe('batches', () => {
  test('chunk() makes runs of at most 100', () => {
    expect(chunk(Array.from({ length: 250 }, (_, i) => i)).map((run) => run.length)).toEqual([100, 100, 50]);
  });

  test('batchKey() is the same for the same (issue, batch) and differs otherwise', () => {
    expect(batchKey('2026-11', 3)).toBe(batchKey('2026-11', 3));
    expect(new Set([batchKey('2026-11', 3), batchKey('2026-11', 4), batchKey('2026-12', 3)]).size).toBe(3);
  });

  test('nextBatch() walks the send order: unhandled recipients of one locale, and where to go on', () => {
    const people = sendOrder([
      { email: 'c@x.es', locale: 'es' },
      { email: 'b@x.com', locale: 'en' },
      { email: 'a@x.com', locale: 'en' },
    ]);
    expect(people.map((p) => p.email)).toEqual(['a@x.com', 'b@x.com', 'c@x.es']);
    expect(nextBatch(people, new Set(), 0, 100)).toEqual({ batch: [people[0], people[1]], next: 2 });
    expect(nextBatch(people, new Set(), 2, 100)).toEqual({ batch: [people[2]], next: 3 });
    expect(nextBatch(people, new Set(['a@x.com']), 0, 100).batch.map((p) => p.email)).toEqual(['b@x.com']);
    expect(nextBatch(people, new Set(), 0, 1)).toEqual({ batch: [people[0]], next: 1 });
    expect(nextBatch(people, new Set(people.map((p) => p.email))).batch).toEqual([]);
  });

  test('backoffMs() doubles and is capped', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffMs(attempt))).toEqual([1000, 2000, 4000, 8000, 16000, 16000, 16000]);
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
