import { describe, expect, test } from 'vitest';
import { cardBalance, type CardEvent } from '../../src/domain/card.ts';
import { activityPer, emptyCardFigures, foldCardActivity, monthLoyalty, originFigures, pagePlan, type CardTally } from '../../src/domain/card-rollup.ts';

type Activity = Pick<CardEvent, 'card' | 'type' | 'at'>;
const stamp = (card: string, day: string, time = '10:00:00'): Activity => ({ card, type: 'stamp', at: `${day}T${time}.000Z` });
const redeem = (card: string, day: string, time = '11:00:00'): Activity => ({ card, type: 'redeem', at: `${day}T${time}.000Z` });
const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;
const foldAll = (events: readonly Activity[], perReward: number, digital: string[] = []) => foldCardActivity(emptyCardFigures(perReward), new Map(), events, (card) => digital.includes(card));

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
    const { after } = foldAll(events.toReversed(), 4, ['BBBBBBBB']);
    expect(after).toEqual([
      { card: 'CCCCCCCC', stamps: 4, redeemed: 0, last: '2026-12-01T10:00:00.000Z', digital: false },
      { card: 'BBBBBBBB', stamps: 8, redeemed: 1, last: '2026-11-20T11:00:00.000Z', digital: true },
      { card: 'AAAAAAAA', stamps: 4, redeemed: 0, last: '2026-11-02T10:00:00.000Z', digital: false },
    ]);
    for (const tally of after) {
      const balance = cardBalance(events.filter((e) => e.card === tally.card), { stampsPerReward: 4 });
      expect([tally.stamps, tally.redeemed]).toEqual([balance.stamps, balance.redeemed]);
    }
  });

  test('sums printed and digital cards apart, and counts each card once on the day of its last use', () => {
    const { figures } = foldAll(events, 4, ['BBBBBBBB']);
    expect(figures.printed).toEqual({ inUse: 2, stamps: 8, earned: 2, redeemed: 0 });
    expect(figures.digital).toEqual({ inUse: 1, stamps: 8, earned: 2, redeemed: 1 });
    expect(figures.lastUse).toEqual([
      { day: '2026-11-02', printed: 1, digital: 0 },
      { day: '2026-11-20', printed: 0, digital: 1 },
      { day: '2026-12-01', printed: 1, digital: 0 },
    ]);
  });

  test('folding day by day, with the touched cards\' state before, gives what folding everything at once gives', () => {
    const once = foldAll(events, 4, ['BBBBBBBB']);
    const cards = new Map<string, CardTally>();
    let figures = emptyCardFigures(4);
    for (const [, list] of [...Map.groupBy(events, (e) => e.at.slice(0, 10))].sort(([a], [b]) => a.localeCompare(b))) {
      const step = foldCardActivity(figures, cards, list, (card) => card === 'BBBBBBBB');
      figures = step.figures;
      for (const tally of step.after) cards.set(tally.card, tally);
    }
    expect(figures).toEqual(once.figures);
    expect([...cards.values()].sort((a, b) => b.last.localeCompare(a.last))).toEqual(once.after);
  });

  test('counts rewards completed by a stamp inside each month, per card (a reward belongs to the month of its last stamp)', () => {
    const { figures } = foldAll(events, 4);
    expect(monthLoyalty(figures, '2026-11', '2026-10')).toEqual({ stamps: 12, previousStamps: 3, redeemed: 1, cardsUsed: 3, rewardsEarned: 3 });
    expect(monthLoyalty(figures, '2026-10', '2026-09')).toEqual({ stamps: 3, previousStamps: 0, redeemed: 0, cardsUsed: 1, rewardsEarned: 0 });
    expect(monthLoyalty(figures, '2026-12', '2026-11')).toEqual({ stamps: 1, previousStamps: 12, redeemed: 0, cardsUsed: 1, rewardsEarned: 1 });
  });

  test('a card used many times in a month counts once in that month', () => {
    const { figures } = foldAll([stamp('AAAAAAAA', day(1)), stamp('AAAAAAAA', day(2)), redeem('AAAAAAAA', day(3)), stamp('AAAAAAAA', '2026-12-01')], 8);
    expect(figures.months).toEqual([{ month: '2026-11', cardsUsed: 1, earned: 0 }, { month: '2026-12', cardsUsed: 1, earned: 0 }]);
  });

  test('200,000 stamps on one card are folded in one pass', () => {
    const start = Date.parse('2025-01-01T00:00:00Z');
    const many = Array.from({ length: 200_000 }, (_, i) => ({ card: 'AAAAAAAA', type: 'stamp' as const, at: new Date(start + i * 60_000).toISOString() }));
    expect(foldAll(many, 4).figures.printed.earned).toBe(50_000);
  }, 60_000); // A guard, not a target: copying a card's list on each event takes minutes.
});

describe('pagePlan()', () => {
  const lastUse = [
    { day: '2026-11-20', printed: 30, digital: 0 },
    { day: '2026-11-21', printed: 10, digital: 5 },
    { day: '2026-11-24', printed: 8, digital: 2 },
  ];

  test('the cards used since the figures were stored come first, then the stored days newest first', () => {
    const first = pagePlan({ lastUse, live: 3, moved: new Map(), wanted: 1, size: 25 });
    expect(first).toEqual({ page: { page: 1, pages: 3, total: 58, first: 1 }, live: { from: 0, to: 3 }, buckets: [{ day: '2026-11-24', skip: 0, take: 10 }, { day: '2026-11-21', skip: 0, take: 12 }] });
    const second = pagePlan({ lastUse, live: 3, moved: new Map(), wanted: 2, size: 25 });
    expect(second.live).toEqual({ from: 3, to: 3 });
    expect(second.buckets).toEqual([{ day: '2026-11-21', skip: 12, take: 3 }, { day: '2026-11-20', skip: 0, take: 22 }]);
  });

  test('cards used again since are left out of the day they were stored under; a page past the end shows the last one', () => {
    const plan = pagePlan({ lastUse, live: 2, moved: new Map([['2026-11-24', 2]]), wanted: 9, size: 25 });
    expect(plan.page).toEqual({ page: 3, pages: 3, total: 55, first: 51 });
    expect(plan.buckets).toEqual([{ day: '2026-11-20', skip: 25, take: 5 }]);
  });
});

describe('activityPer()', () => {
  test('sums the days into weeks (Monday first), empty weeks as 0, days outside the range left out', () => {
    const { figures } = foldAll([stamp('AAAAAAAA', day(2)), stamp('BBBBBBBB', day(8)), redeem('AAAAAAAA', day(9)), stamp('AAAAAAAA', day(23)), stamp('AAAAAAAA', '2026-10-30')], 8);
    const per = activityPer(figures.days, new Date('2026-11-02'), new Date('2026-11-22'), 'week');
    expect(per.periods.map((p) => [p.start.toISOString().slice(0, 10), p.stamps, p.redeems])).toEqual([
      ['2026-11-02', 2, 0],
      ['2026-11-09', 0, 1],
      ['2026-11-16', 0, 0],
    ]);
    expect([per.stamps, per.redeems]).toEqual([2, 1]);
  });
});

describe('originFigures()', () => {
  test('cards active in the last 30 days: later days whole, the first day by the time of each card\'s last use', () => {
    const { figures, after } = foldAll([stamp('PRNT0001', '2026-10-27', '09:00:00'), stamp('PRNT0002', '2026-10-27', '12:00:00'), stamp('DGTA0001', day(20)), stamp('PRNT0003', '2026-09-01')], 2, ['DGTA0001']);
    const recentSince = '2026-10-27T10:00:00.000Z';
    const totals = originFigures(figures, { recentSince, sinceDay: after.filter((t) => t.last.startsWith('2026-10-27')), printedIssued: 50, digitalIssued: 3, inWallet: { printed: 1, digital: 1 } });
    expect(totals.printed).toEqual({ issued: 50, inUse: 3, activeRecently: 1, stamps: 3, earned: 0, redeemed: 0, inWallet: 1 });
    expect(totals.digital).toEqual({ issued: 3, inUse: 1, activeRecently: 1, stamps: 1, earned: 0, redeemed: 0, inWallet: 1 });
    expect(totals.all).toMatchObject({ inUse: 4, activeRecently: 2, stamps: 4 });
  });
});
