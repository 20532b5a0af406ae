import { describe, expect, test } from 'vitest';
import { stateAt, statesAt } from '../support/ladder-from-records.ts';

const at = (iso: string) => new Date(iso);

describe('stateAt()', () => {
  const left = { subscribedAt: '2026-10-01T10:00:00Z', confirmedAt: '2026-10-01T10:05:00Z', unsubscribedAt: '2026-11-01T00:00:00Z' };
  test.each([
    ['2026-09-30T00:00:00Z', undefined],
    ['2026-10-01T10:01:00Z', 'pending'],
    ['2026-10-15T00:00:00Z', 'confirmed'],
    ['2026-11-20T00:00:00Z', 'unsubscribed'],
  ])('a subscriber who confirmed then left, at %s → %s', (moment, state) => {
    expect(stateAt(left, at(moment))).toBe(state);
  });

  test('an address that left and signed up again is pending again, then confirmed again', () => {
    const back = { subscribedAt: '2026-11-10T00:00:00Z', confirmedAt: '2026-10-01T10:05:00Z', unsubscribedAt: '2026-11-01T00:00:00Z' };
    expect(stateAt(back, at('2026-11-05T00:00:00Z'))).toBe('unsubscribed');
    expect(stateAt(back, at('2026-11-11T00:00:00Z'))).toBe('pending');
    expect(stateAt({ ...back, confirmedAt: '2026-11-12T00:00:00Z' }, at('2026-11-13T00:00:00Z'))).toBe('confirmed');
  });
});

test('statesAt() counts each state at a moment', () => {
  const subscribers = [
    { subscribedAt: '2026-10-01T00:00:00Z', confirmedAt: '2026-10-02T00:00:00Z' },
    { subscribedAt: '2026-10-03T00:00:00Z' },
    { subscribedAt: '2026-10-01T00:00:00Z', confirmedAt: '2026-10-02T00:00:00Z', unsubscribedAt: '2026-10-20T00:00:00Z' },
    { subscribedAt: '2026-12-01T00:00:00Z' },
  ];
  expect(statesAt(subscribers, at('2026-10-31T00:00:00Z'))).toEqual({ pending: 1, confirmed: 1, unsubscribed: 1 });
});
