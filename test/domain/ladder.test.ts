import { describe, expect, test } from 'vitest';
import { factsAt, ladderMovement, rungCounts, type Activity } from '../support/ladder-from-records.ts';

const at = (iso: string) => new Date(iso);
const person = (activity: Partial<Activity>): Activity => ({
  firstSeen: at('2026-09-01T10:00:00Z'),
  subscriptions: [],
  stamps: [],
  stampsPerReward: 4,
  npsAnswers: [],
  reviewClicks: [],
  ...activity,
});

describe('factsAt()', () => {
  const activity = person({
    subscriptions: [{ from: at('2026-09-02T10:00:00Z'), to: at('2026-11-05T10:00:00Z') }],
    // Two stamps on one day count as one visit.
    stamps: ['2026-10-01T09:00:00Z', '2026-10-01T17:00:00Z', '2026-10-08T09:00:00Z', '2026-11-02T09:00:00Z'].map((iso) => ({ card: 'A', at: at(iso) })),
    npsAnswers: [
      { at: at('2026-11-03T10:00:00Z'), score: 6 },
      { at: at('2026-10-02T10:00:00Z'), score: 10 },
    ],
  });

  test('is undefined before the person was known', () => {
    expect(factsAt(activity, at('2026-08-31T00:00:00Z'))).toBeUndefined();
  });

  test('counts visits as days, cycles as full cards, and takes the latest score up to that moment', () => {
    expect(factsAt(activity, at('2026-10-31T23:59:59Z'))).toEqual({ subscribed: true, visits: 2, rewardCycles: 0, latestNps: 10, reviewClicks: 0 });
    expect(factsAt(activity, at('2026-11-30T23:59:59Z'))).toEqual({ subscribed: false, visits: 3, rewardCycles: 1, latestNps: 6, reviewClicks: 0 });
  });
});

test('reward cycles count full cards separately: 3 + 3 stamps on two cards of 4 make no cycle', () => {
  const twoCards = person({ stamps: ['A', 'A', 'A', 'B', 'B', 'B'].map((card, day) => ({ card, at: at(`2026-10-0${day + 1}T10:00:00Z`) })) });
  expect(factsAt(twoCards, at('2026-10-31T00:00:00Z'))).toMatchObject({ visits: 6, rewardCycles: 0 });
});

describe('rungCounts() and ladderMovement()', () => {
  const endOfOctober = at('2026-10-31T23:59:59Z');
  const endOfNovember = at('2026-11-30T23:59:59Z');
  const people = [
    // prospect in October, first-time buyer in November: up
    person({ subscriptions: [{ from: at('2026-10-10T00:00:00Z') }], stamps: [{ card: 'A', at: at('2026-11-10T10:00:00Z') }] }),
    // advocate in October, customer in November after a 5: down
    person({ stamps: [{ card: 'B', at: at('2026-10-01T10:00:00Z') }, { card: 'B', at: at('2026-10-02T10:00:00Z') }], npsAnswers: [{ at: at('2026-10-03T00:00:00Z'), score: 9 }, { at: at('2026-11-03T00:00:00Z'), score: 5 }] }),
    // suspect both months
    person({}),
    // new in November, promoter
    person({ firstSeen: at('2026-11-20T00:00:00Z'), npsAnswers: [{ at: at('2026-11-20T00:00:00Z'), score: 10 }], reviewClicks: [at('2026-11-20T00:01:00Z')] }),
  ];

  test('counts people per rung at a moment, leaving out those not yet known', () => {
    expect(rungCounts(people, endOfOctober)).toEqual({ suspect: 1, prospect: 1, 'first-time-buyer': 0, customer: 0, 'frequent-client': 0, advocate: 1, promoter: 0 });
    expect(rungCounts(people, endOfNovember)).toEqual({ suspect: 1, prospect: 0, 'first-time-buyer': 1, customer: 1, 'frequent-client': 0, advocate: 0, promoter: 1 });
  });

  test('reports who moved up, down, stayed and arrived, per rung', () => {
    const movement = ladderMovement(people, endOfOctober, endOfNovember);
    expect(movement).toMatchObject({ new: 1, up: 1, down: 1, same: 1 });
    expect(movement.byRung['first-time-buyer']).toEqual({ arrived: 1, left: 0 });
    expect(movement.byRung.prospect).toEqual({ arrived: 0, left: 1 });
    expect(movement.byRung.advocate).toEqual({ arrived: 0, left: 1 });
    expect(movement.byRung.customer).toEqual({ arrived: 1, left: 0 });
    expect(movement.byRung.promoter).toEqual({ arrived: 1, left: 0 });
  });
});
