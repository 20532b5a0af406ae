import { describe, expect, test } from 'vitest';
import { cardBalance, type CardEvent } from '../../src/loyalty/card.ts';
import { shownStamps } from '../../src/wallet/card-view.ts';

const programme = { stampsPerReward: 8 };
const events = (stamps: number, redeemed = 0): Pick<CardEvent, 'type' | 'at'>[] => [
  ...Array.from({ length: stamps }, (_, day) => ({ type: 'stamp' as const, at: new Date(Date.UTC(2026, 10, day + 1)).toISOString() })),
  ...Array.from({ length: redeemed }, () => ({ type: 'redeem' as const, at: '2026-12-01T10:00:00.000Z' })),
];

describe('the stamps a card shows filled', () => {
  test.each([
    ['a new card', 0, 0, 0],
    ['three stamps', 3, 0, 3],
    ['a full card, reward not redeemed: every stamp, not an empty card', 8, 0, 8],
    ['a full card whose reward was redeemed: a fresh card', 8, 1, 0],
    ['one stamp past a reward not redeemed: the stamps towards the next', 9, 0, 1],
    ['two full cards, neither reward redeemed', 16, 0, 8],
    ['two full cards, one reward redeemed: the other is still ready', 16, 1, 8],
  ])('%s', (_, stamps, redeemed, shown) => {
    expect(shownStamps(cardBalance(events(stamps, redeemed), programme))).toBe(shown);
  });
});
