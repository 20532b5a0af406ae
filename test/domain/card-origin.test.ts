import { describe, expect, test } from 'vitest';
import { walletSplit } from '../../src/domain/card-origin.ts';

describe('walletSplit()', () => {
  test('counts the cards in a wallet as printed or digital by the digital sign-ups', () => {
    expect(walletSplit(new Set(['DGTA0001', 'PRNT0001', 'PRNT0002']), new Set(['DGTA0001', 'DGTA0002', 'DGTA0003']))).toEqual({ printed: 2, digital: 1 });
  });
});
