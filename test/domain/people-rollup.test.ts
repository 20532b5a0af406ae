import { describe, expect, test } from 'vitest';
import { rungs } from '../../src/domain/ladder.ts';
import { advance, emptyTally, foldEvents, movementSince, rungRecord, stateTotals, type PeopleEvent, type PersonState, type Tally } from '../../src/domain/people-rollup.ts';
import { ladderMovement, rungCounts, type Activity } from '../support/ladder-from-records.ts';

const SPR = 4;
const at = (day: string, time = '10:00:00') => `${day}T${time}.000Z`;

/** Folds events day by day into a tally, as the service does; returns the tally after each day. */
function foldAll(events: PeopleEvent[]): { people: Record<string, PersonState>; tally: Tally; ends: Map<string, Tally> } {
  const people: Record<string, PersonState> = {};
  const tally = emptyTally();
  const ends = new Map<string, Tally>();
  for (const [day, delta] of [...foldEvents(people, events, SPR)].sort(([a], [b]) => a.localeCompare(b))) {
    advance(tally, day, delta);
    ends.set(day, structuredClone(tally));
  }
  return { people, tally, ends };
}

describe('foldEvents(): one person up the ladder', () => {
  test('each event moves the counts: signed up, confirmed, two visits, a full card, a 9, a review click', () => {
    const ana = 'ana';
    const events: PeopleEvent[] = [
      { at: at('2026-09-01'), person: ana, kind: 'newsletter', state: 'pending', locale: 'es' },
      { at: at('2026-09-02'), person: ana, kind: 'newsletter', state: 'confirmed', locale: 'es' },
      { at: at('2026-09-03'), person: ana, kind: 'stamp', card: 'K1' },
      { at: at('2026-09-03', '11:00:00'), person: ana, kind: 'stamp', card: 'K1' },
      { at: at('2026-09-04'), person: ana, kind: 'stamp', card: 'K1' },
      { at: at('2026-09-05'), person: ana, kind: 'stamp', card: 'K1' },
      { at: at('2026-09-06'), person: ana, kind: 'nps', score: 9 },
      { at: at('2026-09-07'), person: ana, kind: 'review' },
    ];
    const { people, ends } = foldAll(events);
    const rungOn = (day: string) => rungs[ends.get(day)!.rungs.findIndex((count) => count === 1)];
    expect(['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-05', '2026-09-06', '2026-09-07'].map(rungOn)).toEqual([
      'suspect',
      'prospect',
      'first-time-buyer',
      'customer',
      'frequent-client',
      'advocate',
      'promoter',
    ]);
    // Two stamps on one day are one visit.
    expect(people[ana]).toMatchObject({ visits: 3, cards: { K1: 4 }, nps: 9, reviewClicks: 1, newsletter: ['confirmed', 'es'] });
    expect(ends.get('2026-09-07')!.rungs.reduce((a, b) => a + b)).toBe(1);
    expect(stateTotals(ends.get('2026-09-01')!.newsletter)).toEqual({ pending: 1, confirmed: 0, unsubscribed: 0 });
    expect(ends.get('2026-09-02')!.newsletter.confirmed).toEqual({ en: 0, es: 1 });
  });

  test('a card stamped before its customer registered it is its own person until the registration merges it in', () => {
    const events: PeopleEvent[] = [
      { at: at('2026-09-01'), person: 'card-K9', kind: 'stamp', card: 'K9' },
      { at: at('2026-09-02'), person: 'card-K9', kind: 'stamp', card: 'K9' },
      { at: at('2026-09-02', '12:00:00'), person: 'bea', kind: 'seen' },
      { at: at('2026-09-03'), person: 'card-K9', kind: 'leave' },
      { at: at('2026-09-03'), person: 'bea', kind: 'merge', card: 'K9', stamps: 2, days: ['2026-09-01', '2026-09-02'] },
      { at: at('2026-09-03', '12:00:00'), person: 'bea', kind: 'stamp', card: 'K9' },
    ];
    const { people, ends } = foldAll(events);
    expect(rungRecord(ends.get('2026-09-02')!.rungs)).toMatchObject({ suspect: 1, customer: 1 });
    expect(rungRecord(ends.get('2026-09-03')!.rungs)).toMatchObject({ suspect: 0, customer: 1 });
    expect(people['card-K9']).toBeUndefined();
    expect(people.bea).toMatchObject({ visits: 3, cards: { K9: 3 }, lastVisit: '2026-09-03' });
  });

  test('an erased person leaves the counts and the newsletter figures', () => {
    const { ends, people } = foldAll([
      { at: at('2026-09-01'), person: 'cai', kind: 'newsletter', state: 'confirmed', locale: 'en' },
      { at: at('2026-09-02'), person: 'cai', kind: 'leave' },
    ]);
    expect(ends.get('2026-09-02')!.rungs.every((count) => count === 0)).toBe(true);
    expect(stateTotals(ends.get('2026-09-02')!.newsletter)).toEqual({ pending: 0, confirmed: 0, unsubscribed: 0 });
    expect(people).toEqual({});
  });
});

/** A deterministic pseudo-random shop: people who sign up, stamp their own card, answer and click, over four months. */
function shop(people: number): { events: PeopleEvent[]; activities: Activity[] } {
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const start = Date.parse('2026-08-01T00:00:00Z');
  const span = 120 * 86_400_000;
  const events: PeopleEvent[] = [];
  const activities: Activity[] = [];
  for (let i = 0; i < people; i++) {
    const person = `p${i}`;
    const times = () => new Date(start + Math.floor(random() * span)).toISOString();
    const own: PeopleEvent[] = [];
    const activity: Activity = { firstSeen: new Date(0), subscriptions: [], stamps: [], stampsPerReward: SPR, npsAnswers: [], reviewClicks: [] };
    if (random() < 0.6) {
      const steps = [times(), times(), times()].sort();
      own.push({ at: steps[0]!, person, kind: 'newsletter', state: 'pending', locale: 'en' });
      if (random() < 0.7) {
        own.push({ at: steps[1]!, person, kind: 'newsletter', state: 'confirmed', locale: 'en' });
        const leaves = random() < 0.3;
        if (leaves) own.push({ at: steps[2]!, person, kind: 'newsletter', state: 'unsubscribed', locale: 'en' });
        activity.subscriptions.push({ from: new Date(steps[1]!), to: leaves ? new Date(steps[2]!) : undefined });
      }
    }
    for (let s = Math.floor(random() * 7); s > 0; s--) {
      const when = times();
      own.push({ at: when, person, kind: 'stamp', card: `K${i}` });
      activity.stamps.push({ card: `K${i}`, at: new Date(when) });
    }
    for (let a = Math.floor(random() * 3); a > 0; a--) {
      const when = times();
      const score = Math.floor(random() * 11);
      own.push({ at: when, person, kind: 'nps', score });
      activity.npsAnswers.push({ at: new Date(when), score });
    }
    if (random() < 0.2) {
      const when = times();
      own.push({ at: when, person, kind: 'review' });
      activity.reviewClicks.push(new Date(when));
    }
    if (own.length === 0) continue;
    activity.firstSeen = new Date(own.map((event) => event.at).sort()[0]!);
    events.push(...own);
    activities.push(activity);
  }
  return { events: events.sort((a, b) => a.at.localeCompare(b.at)), activities };
}

describe('the running rollup agrees with the ladder computed from every record', () => {
  const { events, activities } = shop(400);
  const { ends } = foldAll(events);
  const endOf = (month: string) => [...ends.keys()].filter((day) => day.slice(0, 7) <= month).sort().at(-1)!;

  test.each(['2026-08', '2026-09', '2026-10', '2026-11'])('counts per rung at the end of %s', (month) => {
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 1) - 1);
    expect(rungRecord(ends.get(endOf(month))!.rungs)).toEqual(rungCounts(activities, last));
  });

  test.each([
    ['2026-08', '2026-09'],
    ['2026-09', '2026-10'],
    ['2026-10', '2026-11'],
  ])('movement from the end of %s to the end of %s', (before, month) => {
    const end = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5)), 1) - 1);
    const startCounts = ends.get(endOf(before))!.rungs;
    const closing = ends.get(endOf(month))!;
    expect(closing.month).toBe(month);
    expect(movementSince(closing.moves, startCounts.reduce((a, b) => a + b))).toEqual(ladderMovement(activities, end(before), end(month)));
  });
});
