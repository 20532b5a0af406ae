/**
 * The loyalty ladder and the newsletter's subscriber states kept as running
 * rollups: each known person's facts so far, and the counts that follow from
 * them, moved forward one event at a time. A view then reads the counts, not
 * every person's history. Pure: events and states are passed in.
 *
 * Counts are what the shop knew at the time: a card stamped before its customer
 * registered it counts as its own person until the registration merges it in.
 */
import type { Locale } from '../i18n/locales.ts';
import { locales } from '../i18n/locales.ts';
import { rungOf, rungs, type Movement, type Rung } from './ladder.ts';
/** A newsletter subscriber's state, as the subscriber record's status. */
export const subscriberStates = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriberState = (typeof subscriberStates)[number];

/** What the rollup keeps about one person (no address or name: keys are hashes). */
export interface PersonState {
  /** Index in `rungs`. */
  rung: number;
  /** Newsletter state and language, once they signed up. */
  newsletter?: [SubscriberState, Locale] | undefined;
  /** Days with a stamp, and the latest of them (`2026-11-26`). */
  visits: number;
  lastVisit?: string | undefined;
  /** Stamps per card. */
  cards: Record<string, number>;
  nps?: number | undefined;
  reviewClicks: number;
  /** The month (`2026-11`) this person first changed in, and their rung before it (-1: not known yet). */
  mark?: [string, number] | undefined;
}

/** Something that happened to one person, at an ISO instant. */
export type PeopleEvent = { at: string; person: string } & (
  | { kind: 'seen' }
  | { kind: 'newsletter'; state: SubscriberState; locale: Locale }
  | { kind: 'stamp'; card: string }
  | { kind: 'nps'; score: number }
  | { kind: 'review' }
  /** A card registered to this person brings its earlier stamps and visit days with it. */
  | { kind: 'merge'; card: string; stamps: number; days: string[] }
  /** The person is no longer counted on their own (a card merged into its owner, an erasure). */
  | { kind: 'leave' }
);

/**
 * The change one day made to the counts. `moves[from + 1][to]` counts the
 * people who changed during the day's month, by their rung before the month
 * (-1: new) and now (`rungs.length`: gone).
 */
export interface Delta {
  rungs: number[];
  newsletter: Record<SubscriberState, Record<Locale, number>>;
  moves: number[][];
}

export const emptyDelta = (): Delta => ({
  rungs: rungs.map(() => 0),
  newsletter: Object.fromEntries(subscriberStates.map((state) => [state, Object.fromEntries(locales.map((locale) => [locale, 0]))])) as Delta['newsletter'],
  moves: Array.from({ length: rungs.length + 1 }, () => Array.from({ length: rungs.length + 1 }, () => 0)),
});

/** Adds `delta` into `into`. */
export function addDelta(into: Delta, delta: Delta): void {
  delta.rungs.forEach((count, rung) => (into.rungs[rung]! += count));
  for (const state of subscriberStates) for (const locale of locales) into.newsletter[state][locale] += delta.newsletter[state][locale];
  delta.moves.forEach((row, from) => row.forEach((count, to) => (into.moves[from]![to]! += count)));
}

const rungIndex = (person: PersonState, stampsPerReward: number): number =>
  rungs.indexOf(
    rungOf({
      subscribed: person.newsletter?.[0] === 'confirmed',
      visits: person.visits,
      rewardCycles: Object.values(person.cards).reduce((sum, count) => sum + Math.floor(count / stampsPerReward), 0),
      latestNps: person.nps,
      reviewClicks: person.reviewClicks,
    }),
  );

/**
 * Moves `people` forward by `events` (oldest first) and returns each day's
 * change to the counts (`2026-11-26` → delta). `people` is edited in place.
 * @example foldEvents(shard.people, [{ at: '2026-11-26T10:00:00Z', person: 'a1…', kind: 'stamp', card: 'K7' }], 8)
 */
export function foldEvents(people: Record<string, PersonState>, events: readonly PeopleEvent[], stampsPerReward: number): Map<string, Delta> {
  const days = new Map<string, Delta>();
  for (const event of events) {
    const day = event.at.slice(0, 10);
    const delta = days.get(day) ?? days.set(day, emptyDelta()).get(day)!;
    const before = people[event.person];
    if (event.kind === 'leave') {
      if (before) {
        move(delta, before, event.at, before.rung, rungs.length);
        if (before.newsletter) delta.newsletter[before.newsletter[0]][before.newsletter[1]] -= 1;
        delete people[event.person];
      }
      continue;
    }
    const person = before ?? { rung: -1, visits: 0, cards: {}, reviewClicks: 0 };
    const previousNewsletter = person.newsletter;
    apply(person, event);
    if (previousNewsletter) delta.newsletter[previousNewsletter[0]][previousNewsletter[1]] -= 1;
    if (person.newsletter) delta.newsletter[person.newsletter[0]][person.newsletter[1]] += 1;
    const rung = rungIndex(person, stampsPerReward);
    if (!before || rung !== person.rung) move(delta, person, event.at, person.rung, rung);
    person.rung = rung;
    people[event.person] = person;
  }
  return days;
}

function apply(person: PersonState, event: Exclude<PeopleEvent, { kind: 'leave' }>): void {
  const day = event.at.slice(0, 10);
  switch (event.kind) {
    case 'seen':
      return;
    case 'newsletter':
      person.newsletter = [event.state, event.locale];
      return;
    case 'stamp':
      person.cards[event.card] = (person.cards[event.card] ?? 0) + 1;
      if (person.lastVisit !== day) person.visits += 1;
      person.lastVisit = day;
      return;
    case 'nps':
      person.nps = event.score;
      return;
    case 'review':
      person.reviewClicks += 1;
      return;
    case 'merge': {
      if (event.stamps > 0) person.cards[event.card] = (person.cards[event.card] ?? 0) + event.stamps;
      const days = event.days.filter((visit) => visit !== person.lastVisit);
      person.visits += days.length;
      const last = days.at(-1);
      if (last && (!person.lastVisit || last > person.lastVisit)) person.lastVisit = last;
    }
  }
}

/** Counts a person's change of rung in its day's delta, marking the rung they started the month on. */
function move(delta: Delta, person: PersonState, at: string, from: number, to: number): void {
  const month = at.slice(0, 7);
  if (person.mark?.[0] !== month) {
    person.mark = [month, from];
    delta.moves[from + 1]![to]! += 1;
  } else {
    delta.moves[person.mark[1] + 1]![from]! -= 1;
    delta.moves[person.mark[1] + 1]![to]! += 1;
  }
  if (from >= 0) delta.rungs[from]! -= 1;
  if (to < rungs.length) delta.rungs[to]! += 1;
}

/** The counts as they stand after the days added so far, and the month's moves. */
export interface Tally extends Delta {
  /** The month the moves are of (`2026-11`), or null before any day. */
  month: string | null;
}

export const emptyTally = (): Tally => ({ month: null, ...emptyDelta() });

/** Adds a day's change; the moves start again with each month. */
export function advance(tally: Tally, day: string, delta: Delta): void {
  const month = day.slice(0, 7);
  if (tally.month !== month) {
    tally.month = month;
    tally.moves = emptyDelta().moves;
  }
  addDelta(tally, delta);
}

/** Counts per rung by name. */
export const rungRecord = (counts: readonly number[]): Record<Rung, number> =>
  Object.fromEntries(rungs.map((rung, index) => [rung, counts[index] ?? 0])) as Record<Rung, number>;

/**
 * How people moved since the month's start, from its moves and how many were
 * known when it started (those who did not change stayed where they were).
 * @example movementSince(tally.moves, 120)
 */
export function movementSince(moves: readonly (readonly number[])[], knownAtStart: number): Movement {
  const gone = rungs.length;
  const at = (from: number, to: number) => moves[from + 1]?.[to] ?? 0;
  const byRung = Object.fromEntries(rungs.map((rung) => [rung, { arrived: 0, left: 0 }])) as Movement['byRung'];
  const movement: Movement = { new: 0, up: 0, down: 0, same: 0, byRung };
  let left = 0;
  for (let from = -1; from < rungs.length; from++) {
    for (let to = 0; to <= gone; to++) {
      const count = at(from, to);
      if (!count) continue;
      if (to === gone) {
        if (from >= 0) left += count;
        continue;
      }
      if (from === -1) movement.new += count;
      else if (to > from) movement.up += count;
      else if (to < from) movement.down += count;
      if (from !== to) movement.byRung[rungs[to]!].arrived += count;
      if (from >= 0 && from !== to) movement.byRung[rungs[from]!].left += count;
    }
  }
  movement.same = knownAtStart - movement.up - movement.down - left;
  return movement;
}

/** Subscribers per state, over every language. */
export const stateTotals = (newsletter: Delta['newsletter']): Record<SubscriberState, number> =>
  Object.fromEntries(subscriberStates.map((state) => [state, locales.reduce((sum, locale) => sum + newsletter[state][locale], 0)])) as Record<SubscriberState, number>;
