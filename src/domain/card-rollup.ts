import type { CardEvent } from './card.ts';
import type { OriginFigures } from '../loyalty/queries.ts';
import type { Page } from './paging.ts';
import { periodsBetween, periodStart, type Unit } from './periods.ts';

/**
 * The loyalty figures as a running rollup: stamps and redemptions folded in
 * time order into counts per day and month, sums per origin (printed or
 * digital card) and how many cards were last used on each day, plus one small
 * state per card kept by the caller in buckets by the day of its last use, so
 * a view reads the figures and the page of cards it shows, never every card
 * or event. Pure.
 */

/** One card's state: what its balance and the "most recently used" order need. */
export interface CardTally {
  card: string;
  stamps: number;
  redeemed: number;
  /** Its latest stamp or redemption (ISO 8601). */
  last: string;
  /** Signed up for on a phone rather than printed in a batch. */
  digital: boolean;
}
export interface DayActivity {
  day: string;
  stamps: number;
  redeems: number;
}
export interface MonthActivity {
  month: string;
  /** Distinct cards stamped or redeemed in the month. */
  cardsUsed: number;
  /** Rewards completed by a stamp in the month. */
  earned: number;
}
/** How many cards were last used on a day, by origin. */
export interface LastUse {
  day: string;
  printed: number;
  digital: number;
}
export interface Sums {
  inUse: number;
  stamps: number;
  earned: number;
  redeemed: number;
}
export interface CardFigures {
  /** The stamps per reward the rewards were counted with (a change of programme refolds). */
  perReward: number;
  /** Days and months with activity, and days someone's last use falls on, oldest first. */
  days: DayActivity[];
  months: MonthActivity[];
  lastUse: LastUse[];
  printed: Sums;
  digital: Sums;
}

const noSums = (): Sums => ({ inUse: 0, stamps: 0, earned: 0, redeemed: 0 });
export const emptyCardFigures = (perReward: number): CardFigures => ({ perReward, days: [], months: [], lastUse: [], printed: noSums(), digital: noSums() });

type Activity = Pick<CardEvent, 'card' | 'type' | 'at'>;
const earnedOf = (stamps: number, perReward: number) => Math.floor(stamps / perReward);

/**
 * The figures with `events` added (all later than what they hold, any order
 * among themselves), and the state after them of every card they touch.
 * `before` holds those cards' state before (a card missing is new: `isDigital` tells its origin).
 * @example foldCardActivity(emptyCardFigures(8), new Map(), [{ card: 'K7M2Q9XA', type: 'stamp', at: '2026-11-26T10:00:00.000Z' }], () => false)
 */
export function foldCardActivity(
  figures: CardFigures,
  before: ReadonlyMap<string, CardTally>,
  events: readonly Activity[],
  isDigital: (card: string) => boolean,
): { figures: CardFigures; after: CardTally[] } {
  const tallies = new Map<string, CardTally>();
  const days = new Map(figures.days.map((day) => [day.day, { ...day }]));
  const months = new Map(figures.months.map((month) => [month.month, { ...month }]));
  for (const event of events.toSorted((a, b) => a.at.localeCompare(b.at))) {
    const [day, month] = [event.at.slice(0, 10), event.at.slice(0, 7)];
    const known = tallies.get(event.card) ?? before.get(event.card);
    const tally = known ? { ...known } : { card: event.card, stamps: 0, redeemed: 0, last: '', digital: isDigital(event.card) };
    const dayCount = days.get(day) ?? { day, stamps: 0, redeems: 0 };
    const monthCount = months.get(month) ?? { month, cardsUsed: 0, earned: 0 };
    // Events come in time order: a card last used before this month is used for the first time in it.
    if (tally.last.slice(0, 7) < month) monthCount.cardsUsed++;
    if (event.type === 'stamp') {
      tally.stamps++;
      dayCount.stamps++;
      if (tally.stamps % figures.perReward === 0) monthCount.earned++;
    } else {
      tally.redeemed++;
      dayCount.redeems++;
    }
    if (event.at > tally.last) tally.last = event.at;
    tallies.set(event.card, tally);
    days.set(day, dayCount);
    months.set(month, monthCount);
  }
  const sums = { printed: { ...figures.printed }, digital: { ...figures.digital } };
  const lastUse = new Map(figures.lastUse.map((entry) => [entry.day, { ...entry }]));
  const count = (day: string, origin: 'printed' | 'digital', by: number) => {
    const entry = lastUse.get(day) ?? { day, printed: 0, digital: 0 };
    entry[origin] += by;
    if (entry.printed === 0 && entry.digital === 0) lastUse.delete(day);
    else lastUse.set(day, entry);
  };
  for (const after of tallies.values()) {
    const was = before.get(after.card);
    const origin = after.digital ? 'digital' : 'printed';
    const side = sums[origin];
    side.inUse += was ? 0 : 1;
    side.stamps += after.stamps - (was?.stamps ?? 0);
    side.earned += earnedOf(after.stamps, figures.perReward) - earnedOf(was?.stamps ?? 0, figures.perReward);
    side.redeemed += after.redeemed - (was?.redeemed ?? 0);
    if (was) count(was.last.slice(0, 10), origin, -1);
    count(after.last.slice(0, 10), origin, 1);
  }
  const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, value]) => value);
  return {
    figures: { perReward: figures.perReward, days: sorted(days), months: sorted(months), lastUse: sorted(lastUse), ...sums },
    after: [...tallies.values()].sort(byLastUse),
  };
}

/** Most recently used first; cards used at the same instant by id, so pages never shuffle. */
export function byLastUse(a: CardTally, b: CardTally): number {
  return b.last.localeCompare(a.last) || a.card.localeCompare(b.card);
}

/** A card's balance as the cards table shows it. */
export const tallyBalance = (tally: CardTally, perReward: number) => ({ stamps: tally.stamps, earned: earnedOf(tally.stamps, perReward), redeemed: tally.redeemed });

/**
 * Which cards a page of the "most recently used first" list holds: the first
 * `live` cards (used since the figures were stored, newest of all), then the
 * stored ones, read from the buckets of their last day (newest day first,
 * `skip` and `take` counted after leaving out `moved`, the cards whose stored
 * state the live ones replace).
 * @example pagePlan({ lastUse, live: 3, moved: new Map([['2026-11-20', 1]]), wanted: 2, size: 25 })
 */
export function pagePlan(input: { lastUse: readonly LastUse[]; live: number; moved: ReadonlyMap<string, number>; wanted: number; size: number }): {
  page: Omit<Page<never>, 'items'>;
  live: { from: number; to: number };
  buckets: { day: string; skip: number; take: number }[];
} {
  const stored = input.lastUse.map((entry) => ({ day: entry.day, count: entry.printed + entry.digital - (input.moved.get(entry.day) ?? 0) })).filter((entry) => entry.count > 0);
  const total = input.live + stored.reduce((sum, entry) => sum + entry.count, 0);
  const pages = Math.max(1, Math.ceil(total / input.size));
  const page = Math.min(Math.max(1, Math.trunc(input.wanted) || 1), pages);
  const start = (page - 1) * input.size;
  const end = Math.min(start + input.size, total);
  const live = { from: Math.min(start, input.live), to: Math.min(end, input.live) };
  const buckets: { day: string; skip: number; take: number }[] = [];
  let position = input.live;
  for (const entry of stored.toReversed()) {
    const [from, to] = [Math.max(start, position), Math.min(end, position + entry.count)];
    if (from < to) buckets.push({ day: entry.day, skip: from - position, take: to - from });
    position += entry.count;
    if (position >= end) break;
  }
  return { page: { page, pages, total, first: total ? start + 1 : 0 }, live, buckets };
}

/** The monthly summary's loyalty block for one month (`2026-11`) and the month before. */
export function monthLoyalty(figures: CardFigures, month: string, previousMonth: string): { stamps: number; previousStamps: number; redeemed: number; cardsUsed: number; rewardsEarned: number } {
  const sum = (inMonth: string, pick: (day: DayActivity) => number) => figures.days.reduce((total, day) => (day.day.startsWith(inMonth) ? total + pick(day) : total), 0);
  const counts = figures.months.find((entry) => entry.month === month);
  return {
    stamps: sum(month, (day) => day.stamps),
    previousStamps: sum(previousMonth, (day) => day.stamps),
    redeemed: sum(month, (day) => day.redeems),
    cardsUsed: counts?.cardsUsed ?? 0,
    rewardsEarned: counts?.earned ?? 0,
  };
}

/**
 * Stamps and redemptions per week or month from `from` to `to` (inclusive days), empty periods as 0, with their totals.
 * @example activityPer(figures.days, new Date('2026-09-07'), new Date('2026-11-26'), 'week')
 */
export function activityPer(days: readonly DayActivity[], from: Date, to: Date, unit: Unit): { periods: { start: Date; stamps: number; redeems: number }[]; stamps: number; redeems: number } {
  const periods = periodsBetween(from, to, unit).map((start) => ({ start, stamps: 0, redeems: 0 }));
  const byStart = new Map(periods.map((period) => [period.start.getTime(), period]));
  const [first, last] = [from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)];
  for (const day of days) {
    if (day.day < first || day.day > last) continue;
    const period = byStart.get(periodStart(new Date(`${day.day}T00:00:00Z`), unit).getTime());
    if (!period) continue;
    period.stamps += day.stamps;
    period.redeems += day.redeems;
  }
  return { periods, stamps: periods.reduce((sum, p) => sum + p.stamps, 0), redeems: periods.reduce((sum, p) => sum + p.redeems, 0) };
}

/**
 * The loyalty page's figures by origin and for all cards. `sinceDay` holds the
 * cards last used on the day of `recentSince` (their times decide), every later day counts whole.
 * @example originFigures(figures, { recentSince, sinceDay, digitalIssued: 40, printedIssued: 100, inWallet: { printed: 2, digital: 30 } })
 */
export function originFigures(
  figures: CardFigures,
  input: { recentSince: string; sinceDay: readonly CardTally[]; printedIssued: number; digitalIssued: number; inWallet: { printed: number; digital: number } },
): { printed: OriginFigures; digital: OriginFigures; all: OriginFigures } {
  const day = input.recentSince.slice(0, 10);
  const active = (origin: 'printed' | 'digital') =>
    figures.lastUse.reduce((sum, entry) => (entry.day > day ? sum + entry[origin] : sum), 0) +
    input.sinceDay.filter((tally) => tally.digital === (origin === 'digital') && tally.last >= input.recentSince).length;
  const printed = { issued: input.printedIssued, ...figures.printed, activeRecently: active('printed'), inWallet: input.inWallet.printed };
  const digital = { issued: input.digitalIssued, ...figures.digital, activeRecently: active('digital'), inWallet: input.inWallet.digital };
  const all = Object.fromEntries((Object.keys(printed) as (keyof OriginFigures)[]).map((key) => [key, printed[key] + digital[key]])) as Record<keyof OriginFigures, number>;
  return { printed, digital, all };
}
