import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { cardHistory } from '../../src/loyalty/queries.ts';
import { redeemReward, stampCard } from '../../src/loyalty/stamp-and-redeem.ts';
import { engines, rowCounts } from '../support/db.ts';
import { codeFor, loyaltyApps, openConnections, programme } from '../support/loyalty.ts';

const HOUR = 3_600_000;
const code = codeFor('K7M2Q9XA');
const stamps = async (app: App, card = 'K7M2Q9XA') => (await cardHistory(app.db, card)).filter((event) => event.type === 'stamp').length;
const redemptions = async (app: App, card = 'K7M2Q9XA') => (await cardHistory(app.db, card)).filter((event) => event.type === 'redeem').length;

describe.each(engines)('%s', (engine) => {
  const fresh = loyaltyApps(engine);

  /** A fresh app and a helper that stamps the card once a day. */
  function setup() {
    const made = fresh();
    let n = 0;
    const stampDaily = async (times: number) => {
      for (let i = 0; i < times; i++) {
        expect((await stampCard(made.app, programme, { code, key: `stamp-key-${n++}` })).ok).toBe(true);
        made.clock.advance(24 * HOUR);
      }
    };
    return { ...made, stampDaily };
  }

  describe('stampCard()', () => {
    test('adds a stamp, creating the card on its first use, and answers the new balance', async () => {
      const { app } = setup();
      expect(await stampCard(app, programme, { code, key: 'first-tap-1' })).toMatchObject({ ok: true, cardId: 'K7M2Q9XA', repeated: false, balance: { stamps: 1, progress: 1, ready: 0 } });
      expect(await app.db.query(`SELECT id, origin FROM cards`)).toEqual([{ id: 'K7M2Q9XA', origin: 'printed' }]);
      expect(await cardHistory(app.db, 'K7M2Q9XA')).toEqual([{ type: 'stamp', at: '2026-11-26T10:00:00.000Z', key: 'first-tap-1' }]);
    });

    test('the same idempotency key twice (a double tap) adds one stamp and answers as the first did, even at once', async () => {
      const { app } = setup();
      const taps = await Promise.all([stampCard(app, programme, { code, key: 'double-tap-1' }), stampCard(app, programme, { code, key: 'double-tap-1' })]);
      // Either tap may land first: one adds the stamp, the other is told it was already added.
      expect(taps.map((tap) => tap.ok && tap.repeated).sort()).toEqual([false, true]);
      expect(taps.every((tap) => tap.ok && tap.balance.stamps === 1)).toBe(true);
      expect(await stamps(app)).toBe(1);
    });

    test('refuses a second stamp within the minimum minutes, says when it is allowed, then allows it', async () => {
      const { app, clock } = setup();
      await stampCard(app, programme, { code, key: 'gap-key-1' });
      clock.advance(29 * 60_000);
      expect(await stampCard(app, programme, { code, key: 'gap-key-2' })).toMatchObject({ ok: false, reason: 'too-soon', retryAt: new Date('2026-11-26T10:30:00Z'), balance: { stamps: 1 } });
      clock.advance(60_000);
      expect(await stampCard(app, programme, { code, key: 'gap-key-3' })).toMatchObject({ ok: true, balance: { stamps: 2 } });
    });

    test("refuses more than the daily maximum in the shop's calendar day (Europe/Madrid)", async () => {
      const { app, clock } = setup();
      clock.set('2026-11-26T12:00:00Z');
      for (const key of ['day-key-1', 'day-key-2']) {
        expect((await stampCard(app, programme, { code, key })).ok).toBe(true);
        clock.advance(5 * HOUR);
      }
      // 22:00 UTC is 23:00 in Madrid: still the same day there.
      expect(await stampCard(app, programme, { code, key: 'day-key-3' })).toMatchObject({ ok: false, reason: 'daily-limit' });
      // 23:00 UTC is midnight in Madrid (UTC+1 in November), though not yet in UTC.
      clock.set('2026-11-26T23:00:00Z');
      expect((await stampCard(app, programme, { code, key: 'day-key-4' })).ok).toBe(true);
    });

    test('a forged code stores nothing', async () => {
      const { app } = setup();
      const before = await rowCounts(app.db);
      expect(await stampCard(app, programme, { code: code.slice(0, -1) + (code.endsWith('0') ? '1' : '0'), key: 'forged-key' })).toEqual({ ok: false, reason: 'invalid-code' });
      expect(await stampCard(app, programme, { code: codeFor('K7M2Q9XA').replace(/.$/, '_'), key: 'forged-key' })).toEqual({ ok: false, reason: 'invalid-code' });
      expect(await rowCounts(app.db)).toEqual(before);
    });

    test('stamps across months count together', async () => {
      const { app, clock, stampDaily } = setup();
      clock.set('2026-11-30T10:00:00Z');
      await stampDaily(2);
      expect(await stampCard(app, programme, { code, key: 'december-1' })).toMatchObject({ ok: true, balance: { stamps: 3, ready: 1 } });
    });

    test('20 simultaneous stamps of one card: exactly 1 (the minutes between stamps), the others told "too soon"', async () => {
      const { app } = setup();
      await openConnections(app.db);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stampCard(app, programme, { code, key: `rush-stamp-${i}` })));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok).map((result) => result.reason)).toEqual(Array(19).fill('too-soon'));
      expect(await stamps(app)).toBe(1);
    });

    test('simultaneous stamps without a gap: the daily maximum, each with its own seq', async () => {
      const { app } = setup();
      const noGap = { ...programme, limits: { minutesBetweenStamps: 0, maxStampsPerDay: 5 } };
      await openConnections(app.db);
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => stampCard(app, noGap, { code, key: `no-gap-${i}` })));
      expect(results.filter((result) => result.ok)).toHaveLength(5);
      expect(await app.db.query(`SELECT seq FROM card_events ORDER BY seq`)).toEqual([1, 2, 3, 4, 5].map((seq) => ({ seq })));
    });

    test('50 simultaneous stamps of 50 cards: 50 stamps, none lost', async () => {
      const { app } = setup();
      const cards = Array.from({ length: 50 }, (_, i) => `C${String(i).padStart(7, '0')}`);
      await openConnections(app.db);
      const results = await Promise.all(cards.map((card) => stampCard(app, programme, { code: codeFor(card), key: `many-${card}` })));
      expect(results.every((result) => result.ok)).toBe(true);
      expect(await app.db.query(`SELECT count(*)::int AS n, count(DISTINCT card_id)::int AS cards FROM card_events`)).toEqual([{ n: 50, cards: 50 }]);
    });
  });

  describe('redeemReward()', () => {
    test('refuses before the reward, redeems once after', async () => {
      const { app, stampDaily } = setup();
      expect(await redeemReward(app, programme, { code, key: 'redeem-early' })).toMatchObject({ ok: false, reason: 'no-reward' });
      await stampDaily(3);
      expect(await redeemReward(app, programme, { code, key: 'redeem-key-1' })).toMatchObject({ ok: true, balance: { ready: 0, redeemed: 1 } });
      expect(await redeemReward(app, programme, { code, key: 'redeem-key-2' })).toMatchObject({ ok: false, reason: 'no-reward' });
    });

    test('a card never stamped cannot be redeemed and is not recorded', async () => {
      const { app } = setup();
      expect(await redeemReward(app, programme, { code, key: 'nothing-yet' })).toMatchObject({ ok: false, reason: 'no-reward', balance: { stamps: 0 } });
      expect((await rowCounts(app.db)).cards).toBe(0);
    });

    test('10 simultaneous redemptions of one reward: exactly 1', async () => {
      const { app, stampDaily } = setup();
      await stampDaily(3);
      await openConnections(app.db);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => redeemReward(app, programme, { code, key: `phone-${i}-redeem` })));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok).map((result) => result.reason)).toEqual(Array(9).fill('no-reward'));
      expect(await redemptions(app)).toBe(1);
    });

    test('two rewards ready and two staff at once: both redeemed', async () => {
      const { app, stampDaily } = setup();
      await stampDaily(6);
      await openConnections(app.db);
      const results = await Promise.all([redeemReward(app, programme, { code, key: 'staff-a-1' }), redeemReward(app, programme, { code, key: 'staff-b-1' })]);
      expect(results.every((result) => result.ok)).toBe(true);
      expect(await redemptions(app)).toBe(2);
    });

    test('the same key twice redeems once and answers success both times', async () => {
      const { app, stampDaily } = setup();
      await stampDaily(6);
      expect(await redeemReward(app, programme, { code, key: 'same-redeem' })).toMatchObject({ ok: true, repeated: false, balance: { ready: 1 } });
      expect(await redeemReward(app, programme, { code, key: 'same-redeem' })).toMatchObject({ ok: true, repeated: true, balance: { ready: 1 } });
    });
  });
});
