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
 * How many of the cards added to a wallet are printed and how many digital.
 * @example walletSplit(new Set(['K7M2Q9XA', 'PRNT0001']), new Set(['K7M2Q9XA'])) → { printed: 1, digital: 1 }
 */
export function walletSplit(inWallet: ReadonlySet<string>, digital: ReadonlySet<string>): { printed: number; digital: number } {
  const digitalOnes = [...inWallet].filter((card) => digital.has(card)).length;
  return { printed: inWallet.size - digitalOnes, digital: digitalOnes };
}
