import { describe, expect, test } from 'vitest';
import type { Locale } from '../../src/i18n/locales.ts';
import { hasLapsed, inSegment, lastSeen, type CardHolderActivity } from '../../src/domain/segments.ts';

const now = new Date('2026-11-26T10:00:00Z');
const holders = new Map<string, CardHolderActivity>([
  ['regular@x.com', { registeredAt: '2026-01-10T10:00:00Z', lastStampAt: '2026-11-20T10:00:00Z' }],
  ['drifted@x.com', { registeredAt: '2026-01-10T10:00:00Z', lastStampAt: '2026-09-01T10:00:00Z' }],
  ['never@x.com', { registeredAt: '2026-08-01T10:00:00Z' }],
  ['new@x.com', { registeredAt: '2026-11-25T10:00:00Z' }],
]);

describe('segments', () => {
  test('lastSeen() is the latest stamp, else the registration', () => {
    expect(lastSeen(holders.get('drifted@x.com')!)).toBe('2026-09-01T10:00:00Z');
    expect(lastSeen(holders.get('never@x.com')!)).toBe('2026-08-01T10:00:00Z');
  });

  test('hasLapsed() counts whole days without a stamp', () => {
    const stamped = { registeredAt: '2026-01-01T00:00:00Z', lastStampAt: '2026-09-27T10:00:00Z' };
    expect(hasLapsed(stamped, 60, now)).toBe(true);
    expect(hasLapsed(stamped, 61, now)).toBe(false);
  });

  test.each([
    ['all', ['regular@x.com', 'drifted@x.com', 'never@x.com', 'new@x.com', 'reader@x.com', 'lector@x.es']],
    ['en', ['regular@x.com', 'drifted@x.com', 'never@x.com', 'new@x.com', 'reader@x.com']],
    ['es', ['lector@x.es']],
    ['card-holders', ['regular@x.com', 'drifted@x.com', 'never@x.com', 'new@x.com']],
    ['lapsed', ['drifted@x.com', 'never@x.com']],
  ] as const)('%s reaches %j', (kind, expected) => {
    const people: { email: string; locale: Locale }[] = [...[...holders.keys(), 'reader@x.com'].map((email) => ({ email, locale: 'en' as const })), { email: 'lector@x.es', locale: 'es' }];
    expect(people.filter((p) => inSegment({ kind, lapsedDays: 60 }, p, holders, now)).map((p) => p.email)).toEqual(expected);
  });
});
