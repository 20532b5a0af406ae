import { describe, expect, test } from 'vitest';
import { cardBalance, type CardEvent } from '../../src/domain/card.ts';
import { activityPer, emptyCardRollup, foldCardActivity, loyaltyTotals, monthLoyalty } from '../../src/domain/card-rollup.ts';

type Activity = Pick<CardEvent, 'card' | 'type' | 'at'>;
const stamp = (card: string, day: string, time = '10:00:00'): Activity => ({ card, type: 'stamp', at: `${day}T${time}.000Z` });
const redeem = (card: string, day: string, time = '11:00:00'): Activity => ({ card, type: 'redeem', at: `${day}T${time}.000Z` });
const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;

const events: Activity[] = [
  // Card A: 3 stamps in October, the 4th in November → 1 reward in November.
  ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-11-02'].map((d) => stamp('AAAAAAAA', d)),
  // Card B: 8 stamps in November → 2 rewards; a redemption changes nothing.
  ...Array.from({ length: 8 }, (_, i) => stamp('BBBBBBBB', day(10 + i))),
  redeem('BBBBBBBB', '2026-11-20'),
  // Card C: its 4th stamp falls in December → nothing in November.
  ...['2026-11-01', '2026-11-02', '2026-11-03', '2026-12-01'].map((d) => stamp('CCCCCCCC', d)),
];

describe('foldCardActivity()', () => {
  test('keeps each card\'s balance and last use, most recently used first, whatever order the events come in', () => {
    const rollup = foldCardActivity(emptyCardRollup(4), events.toReversed());
    expect(rollup.cards).toEqual([
      { card: 'CCCCCCCC', stamps: 4, redeemed: 0, last: '2026-12-01T10:00:00.000Z' },
      { card: 'BBBBBBBB', stamps: 8, redeemed: 1, last: '2026-11-20T11:00:00.000Z' },
      { card: 'AAAAAAAA', stamps: 4, redeemed: 0, last: '2026-11-02T10:00:00.000Z' },
    ]);
    for (const tally of rollup.cards) {
      const balance = cardBalance(events.filter((e) => e.card === tally.card), { stampsPerReward: 4 });
      expect([tally.stamps, tally.redeemed]).toEqual([balance.stamps, balance.redeemed]);
    }
  });

  test('folding day by day gives what folding everything at once gives', () => {
    const byDay = Map.groupBy(events, (e) => e.at.slice(0, 10));
    const stepwise = [...byDay.keys()].sort().reduce((rollup, d) => foldCardActivity(rollup, byDay.get(d)!), emptyCardRollup(4));
    expect(stepwise).toEqual(foldCardActivity(emptyCardRollup(4), events));
  });

  test('counts rewards completed by a stamp inside each month, per card (a reward belongs to the month of its last stamp)', () => {
    const rollup = foldCardActivity(emptyCardRollup(4), events);
    expect(monthLoyalty(rollup, '2026-11', '2026-10')).toEqual({ stamps: 12, previousStamps: 3, redeemed: 1, cardsUsed: 3, rewardsEarned: 3 });
    expect(monthLoyalty(rollup, '2026-10', '2026-09')).toEqual({ stamps: 3, previousStamps: 0, redeemed: 0, cardsUsed: 1, rewardsEarned: 0 });
    expect(monthLoyalty(rollup, '2026-12', '2026-11')).toEqual({ stamps: 1, previousStamps: 12, redeemed: 0, cardsUsed: 1, rewardsEarned: 1 });
  });

  test('a card used many times in a month counts once in that month', () => {
    const rollup = foldCardActivity(emptyCardRollup(8), [stamp('AAAAAAAA', day(1)), stamp('AAAAAAAA', day(2)), redeem('AAAAAAAA', day(3)), stamp('AAAAAAAA', '2026-12-01')]);
    expect(rollup.months).toEqual([{ month: '2026-11', cardsUsed: 1, earned: 0 }, { month: '2026-12', cardsUsed: 1, earned: 0 }]);
  });

  test('200,000 stamps on one card are folded in one pass', () => {
    const start = Date.parse('2025-01-01T00:00:00Z');
    const many = Array.from({ length: 200_000 }, (_, i) => ({ card: 'AAAAAAAA', type: 'stamp' as const, at: new Date(start + i * 60_000).toISOString() }));
    const rollup = foldCardActivity(emptyCardRollup(4), many);
    expect(rollup.months.reduce((sum, m) => sum + m.earned, 0)).toBe(50_000);
  }, 60_000); // A guard, not a target: copying a card's list on each event takes minutes.
});

describe('activityPer()', () => {
  test('sums the days into weeks (Monday first), empty weeks as 0, days outside the range left out', () => {
    const rollup = foldCardActivity(emptyCardRollup(8), [stamp('AAAAAAAA', day(2)), stamp('BBBBBBBB', day(8)), redeem('AAAAAAAA', day(9)), stamp('AAAAAAAA', day(23)), stamp('AAAAAAAA', '2026-10-30')]);
    const per = activityPer(rollup.days, new Date('2026-11-02'), new Date('2026-11-22'), 'week');
    expect(per.periods.map((p) => [p.start.toISOString().slice(0, 10), p.stamps, p.redeems])).toEqual([
      ['2026-11-02', 2, 0],
      ['2026-11-09', 0, 1],
      ['2026-11-16', 0, 0],
    ]);
    expect([per.stamps, per.redeems]).toEqual([2, 1]);
  });
});

describe('loyaltyTotals()', () => {
  test('sums printed and digital cards apart and together', () => {
    const rollup = foldCardActivity(emptyCardRollup(2), [stamp('PRNT0001', '2026-09-01'), stamp('PRNT0001', '2026-09-02'), redeem('PRNT0001', '2026-09-02'), stamp('DGTA0001', day(20)), ...[1, 2, 3, 4].map((d) => stamp('DGTA0002', day(d)))]);
    const totals = loyaltyTotals(rollup, { digital: new Set(['DGTA0001', 'DGTA0002', 'DGTA0003']), printedIssued: 50, inWallet: new Set(['DGTA0001']), recentSince: '2026-10-27T00:00:00.000Z' });
    expect(totals.printed).toEqual({ issued: 50, inUse: 1, activeRecently: 0, stamps: 2, earned: 1, redeemed: 1, inWallet: 0 });
    expect(totals.all).toEqual({ issued: 53, inUse: 3, activeRecently: 2, stamps: 7, earned: 3, redeemed: 1, inWallet: 1 });
  });
});
