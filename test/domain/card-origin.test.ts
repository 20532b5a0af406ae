import { describe, expect, test } from 'vitest';
import { cardBalance, type CardEvent } from '../../src/domain/card.ts';
import { figuresByOrigin } from '../../src/domain/card-origin.ts';

const stamps = (card: string, days: string[], redeemed = 0): { card: string; balance: ReturnType<typeof cardBalance>; last: string } => {
  const events: CardEvent[] = [
    ...days.map((day, i) => ({ card, type: 'stamp' as const, at: `${day}T10:00:00.000Z`, key: `stamp-key-${i}` })),
    ...Array.from({ length: redeemed }, (_, i) => ({ card, type: 'redeem' as const, at: `${days.at(-1)}T11:00:00.000Z`, key: `redeem-key-${i}` })),
  ];
  return { card, balance: cardBalance(events, { stampsPerReward: 2 }), last: events.at(-1)!.at };
};

describe('figuresByOrigin()', () => {
  test('sums printed and digital cards apart: issued, in use, recent, stamps, rewards, in a wallet', () => {
    const cards = [stamps('PRNT0001', ['2026-09-01', '2026-09-02'], 1), stamps('DGTA0001', ['2026-11-20']), stamps('DGTA0002', ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'])];
    const figures = figuresByOrigin({ cards, digital: new Set(['DGTA0001', 'DGTA0002', 'DGTA0003']), printedIssued: 50, inWallet: new Set(['DGTA0001', 'PRNT0001', 'PRNT0002']), recentSince: '2026-10-27T00:00:00.000Z' });
    expect(figures.printed).toEqual({ issued: 50, inUse: 1, activeRecently: 0, stamps: 2, earned: 1, redeemed: 1, inWallet: 2 });
    expect(figures.digital).toEqual({ issued: 3, inUse: 2, activeRecently: 2, stamps: 5, earned: 2, redeemed: 0, inWallet: 1 });
  });
});
