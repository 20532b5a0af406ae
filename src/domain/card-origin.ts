import type { CardBalance } from './card.ts';

/** Loyalty figures of one kind of card: printed (paper batches) or digital (sign-up on a phone). */
export interface OriginFigures {
  /** Printed: cards in the batches; digital: cards signed up for. */
  issued: number;
  inUse: number;
  activeRecently: number;
  stamps: number;
  earned: number;
  redeemed: number;
  /** Cards added to Apple or Google Wallet. */
  inWallet: number;
}

/**
 * Splits the cards in use into printed and digital ones and sums each side.
 * @example figuresByOrigin({ cards, digital: new Set(['K7M2Q9XA']), printedIssued: 100, inWallet: new Set(), recentSince: '2026-10-27T…' })
 */
export function figuresByOrigin(input: {
  cards: readonly { card: string; balance: Pick<CardBalance, 'stamps' | 'earned' | 'redeemed'>; last: string }[];
  digital: ReadonlySet<string>;
  printedIssued: number;
  inWallet: ReadonlySet<string>;
  recentSince: string;
}): { printed: OriginFigures; digital: OriginFigures } {
  const sum = (isDigital: boolean, issued: number): OriginFigures => {
    const cards = input.cards.filter((c) => input.digital.has(c.card) === isDigital);
    return {
      issued,
      inUse: cards.length,
      activeRecently: cards.filter((c) => c.last >= input.recentSince).length,
      stamps: cards.reduce((total, c) => total + c.balance.stamps, 0),
      earned: cards.reduce((total, c) => total + c.balance.earned, 0),
      redeemed: cards.reduce((total, c) => total + c.balance.redeemed, 0),
      inWallet: [...input.inWallet].filter((card) => input.digital.has(card) === isDigital).length,
    };
  };
  return { printed: sum(false, input.printedIssued), digital: sum(true, input.digital.size) };
}
