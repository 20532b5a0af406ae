import type { CardEvent } from './card.ts';
import { figuresByOrigin, type OriginFigures } from './card-origin.ts';
import { periodsBetween, periodStart, type Unit } from './periods.ts';

/**
 * The loyalty figures as a running rollup: stamps and redemptions folded in
 * time order into one small state per card and counts per day and month, so a
 * view reads the state instead of every event. Pure.
 */

/** One card's state: what its balance and the "most recently used" order need. */
export interface CardTally {
  card: string;
  stamps: number;
  redeemed: number;
  /** Its latest stamp or redemption (ISO 8601). */
  last: string;
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
export interface CardRollup {
  /** The stamps per reward the rewards were counted with (a change of programme refolds). */
  perReward: number;
  /** Cards by last use, most recent first. */
  cards: CardTally[];
  /** Days and months with activity, oldest first. */
  days: DayActivity[];
  months: MonthActivity[];
}

export const emptyCardRollup = (perReward: number): CardRollup => ({ perReward, cards: [], days: [], months: [] });

type Activity = Pick<CardEvent, 'card' | 'type' | 'at'>;

/**
 * The rollup with `events` added; they must all be later than what it holds
 * (any order among themselves). Returns a new rollup; entries not touched are shared.
 * @example foldCardActivity(emptyCardRollup(8), [{ card: 'K7M2Q9XA', type: 'stamp', at: '2026-11-26T10:00:00.000Z' }])
 */
export function foldCardActivity(rollup: CardRollup, events: readonly Activity[]): CardRollup {
  if (events.length === 0) return rollup;
  const cards = new Map(rollup.cards.map((tally) => [tally.card, tally]));
  const days = new Map(rollup.days.map((day) => [day.day, day]));
  const months = new Map(rollup.months.map((month) => [month.month, month]));
  for (const event of events.toSorted((a, b) => a.at.localeCompare(b.at))) {
    const [day, month] = [event.at.slice(0, 10), event.at.slice(0, 7)];
    const tally = { ...(cards.get(event.card) ?? { card: event.card, stamps: 0, redeemed: 0, last: '' }) };
    const dayCount = { ...(days.get(day) ?? { day, stamps: 0, redeems: 0 }) };
    const monthCount = { ...(months.get(month) ?? { month, cardsUsed: 0, earned: 0 }) };
    // Events come in time order: a card last used before this month is used for the first time in it.
    if (tally.last.slice(0, 7) < month) monthCount.cardsUsed++;
    if (event.type === 'stamp') {
      tally.stamps++;
      dayCount.stamps++;
      if (tally.stamps % rollup.perReward === 0) monthCount.earned++;
    } else {
      tally.redeemed++;
      dayCount.redeems++;
    }
    if (event.at > tally.last) tally.last = event.at;
    cards.set(event.card, tally);
    days.set(day, dayCount);
    months.set(month, monthCount);
  }
  return {
    perReward: rollup.perReward,
    cards: [...cards.values()].sort(byLastUse),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
  };
}

/** Most recently used first; cards used at the same instant by id, so pages never shuffle. */
export function byLastUse(a: CardTally, b: CardTally): number {
  return b.last.localeCompare(a.last) || a.card.localeCompare(b.card);
}

/** A card's rewards earned (whole cards of stamps). */
export const earnedOf = (tally: CardTally, perReward: number): number => Math.floor(tally.stamps / perReward);

/** The loyalty block of one month (`2026-11`) and the month before. */
export function monthLoyalty(rollup: CardRollup, month: string, previousMonth: string): { stamps: number; previousStamps: number; redeemed: number; cardsUsed: number; rewardsEarned: number } {
  const sum = (inMonth: string, pick: (day: DayActivity) => number) => rollup.days.reduce((total, day) => (day.day.startsWith(inMonth) ? total + pick(day) : total), 0);
  const counts = rollup.months.find((entry) => entry.month === month);
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
 * @example activityPer(rollup.days, new Date('2026-09-07'), new Date('2026-11-26'), 'week')
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
 * The cards in use split into printed and digital ones, and both together.
 * @example loyaltyTotals(rollup, { digital: new Set(['K7M2Q9XA']), printedIssued: 100, inWallet: new Set(), recentSince: '2026-10-27T…' })
 */
export function loyaltyTotals(
  rollup: CardRollup,
  input: { digital: ReadonlySet<string>; printedIssued: number; inWallet: ReadonlySet<string>; recentSince: string },
): { printed: OriginFigures; digital: OriginFigures; all: OriginFigures } {
  const cards = rollup.cards.map((tally) => ({ card: tally.card, last: tally.last, balance: { stamps: tally.stamps, earned: earnedOf(tally, rollup.perReward), redeemed: tally.redeemed } }));
  const { printed, digital } = figuresByOrigin({ ...input, cards });
  const all = Object.fromEntries((Object.keys(printed) as (keyof OriginFigures)[]).map((key) => [key, printed[key] + digital[key]])) as Record<keyof OriginFigures, number>;
  return { printed, digital, all };
}
