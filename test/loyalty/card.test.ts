import { describe, expect, test } from 'vitest';
import {
  CARD_CODE_LENGTH,
  batchCardIds,
  cardBalance,
  cardCode,
  cardIdFromBytes,
  checkRedeem,
  checkStamp,
  formatCardNumber,
  verifyCardCode,
  type CardEvent,
} from '../../src/loyalty/card.ts';

const secret = 'card-secret-for-tests';
const id = 'K7M2Q9XA';
const code = cardCode(secret, id);

const stamp = (at: string, key = `k-${at}`): CardEvent => ({ type: 'stamp', at, key });
const redeem = (at: string, key = `r-${at}`): CardEvent => ({ type: 'redeem', at, key });
const limits = { minutesBetweenStamps: 30, maxStampsPerDay: 2, timeZone: 'Europe/Madrid' };

describe('cardCode() / verifyCardCode()', () => {
  test('a code is the id followed by its signature, 18 URL-safe characters', () => {
    expect(code).toHaveLength(CARD_CODE_LENGTH);
    expect(code.startsWith(id)).toBe(true);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test('accepts its own code and gives back the card id', () => {
    expect(verifyCardCode(secret, code)).toBe(id);
  });

  test.each([
    ['a tampered id', `K7M2Q9XB${code.slice(8)}`],
    ['a tampered signature', code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A')],
    ['a truncated code', code.slice(0, -1)],
    ['a lengthened code', `${code}A`],
    ['the id alone', id],
    ['lower-cased', code.toLowerCase()],
    ['an empty string', ''],
    ['characters outside the alphabet', `K7M2Q9XO${code.slice(8)}`],
  ])('rejects %s', (_, forged) => {
    expect(verifyCardCode(secret, forged)).toBeNull();
  });

  test('rejects a code signed with another secret', () => {
    expect(verifyCardCode(secret, cardCode('another-secret', id))).toBeNull();
    expect(verifyCardCode('another-secret', code)).toBeNull();
  });
});

describe('card ids', () => {
  test('cardIdFromBytes() uses 8 characters of Crockford base32 (no I, L, O, U)', () => {
    expect(cardIdFromBytes(new Uint8Array([0, 1, 31, 32, 255, 18, 21, 27]))).toBe('01Z0ZJNV');
    expect(() => cardIdFromBytes(new Uint8Array(4))).toThrow(/8 bytes/);
  });

  test('batchCardIds() gives the same distinct ids for a batch every time, and other ids for another batch', () => {
    const ids = batchCardIds(secret, 'BATCH001', 1000);
    expect(new Set(ids).size).toBe(1000);
    expect(batchCardIds(secret, 'BATCH001', 1000)).toEqual(ids);
    expect(batchCardIds(secret, 'BATCH002', 3)).not.toEqual(ids.slice(0, 3));
    for (const one of ids) expect(verifyCardCode(secret, cardCode(secret, one))).toBe(one);
  });

  test('formatCardNumber() groups by four', () => {
    expect(formatCardNumber(id)).toBe('K7M2 Q9XA');
  });
});

describe('cardBalance()', () => {
  test('an empty log has nothing', () => {
    expect(cardBalance([], { stampsPerReward: 8 })).toEqual({ stamps: 0, earned: 0, redeemed: 0, ready: 0, progress: 0, stampsPerReward: 8, lastStampAt: undefined });
  });

  test('derives rewards ready and progress from stamps and redemptions, in any order', () => {
    const events = [...Array.from({ length: 17 }, (_, i) => stamp(`2026-11-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`)), redeem('2026-11-09T10:00:00.000Z')];
    expect(cardBalance(events.reverse(), { stampsPerReward: 8 })).toEqual({
      stamps: 17,
      earned: 2,
      redeemed: 1,
      ready: 1,
      progress: 1,
      stampsPerReward: 8,
      lastStampAt: '2026-11-17T10:00:00.000Z',
    });
  });
});

describe('checkStamp()', () => {
  test('allows the first stamp', () => {
    expect(checkStamp([], limits, new Date('2026-11-26T10:00:00Z'))).toEqual({ ok: true });
  });

  test('refuses a stamp within the minimum minutes of the last one, and says when it is allowed', () => {
    const events = [stamp('2026-11-26T10:00:00.000Z')];
    expect(checkStamp(events, limits, new Date('2026-11-26T10:29:59Z'))).toEqual({ ok: false, reason: 'too-soon', retryAt: new Date('2026-11-26T10:30:00Z') });
    expect(checkStamp(events, limits, new Date('2026-11-26T10:30:00Z'))).toEqual({ ok: true });
  });

  test('refuses more than the daily maximum on one card in the shop\'s calendar day', () => {
    const events = [stamp('2026-11-26T08:00:00.000Z'), stamp('2026-11-26T12:00:00.000Z')];
    expect(checkStamp(events, limits, new Date('2026-11-26T22:59:00Z'))).toEqual({ ok: false, reason: 'daily-limit' });
    // 23:00 UTC is midnight in Madrid (UTC+1 in November): a new day there.
    expect(checkStamp(events, limits, new Date('2026-11-26T23:00:00Z'))).toEqual({ ok: true });
  });

  test('redemptions do not count as stamps', () => {
    expect(checkStamp([redeem('2026-11-26T10:00:00.000Z')], limits, new Date('2026-11-26T10:01:00Z'))).toEqual({ ok: true });
  });
});

describe('checkRedeem()', () => {
  const eight = Array.from({ length: 8 }, (_, i) => stamp(`2026-11-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`));

  test('allows a redemption only when a reward is ready', () => {
    expect(checkRedeem(eight.slice(0, 7), { stampsPerReward: 8 })).toEqual({ ok: false, reason: 'no-reward' });
    expect(checkRedeem(eight, { stampsPerReward: 8 })).toEqual({ ok: true });
    expect(checkRedeem([...eight, redeem('2026-11-20T10:00:00.000Z')], { stampsPerReward: 8 })).toEqual({ ok: false, reason: 'no-reward' });
  });
});
