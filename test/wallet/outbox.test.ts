import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { flush, MAX_ATTEMPTS, retryDelayMs, type Delivery } from '../../src/wallet/outbox.ts';
import { addPass, deliveredCounts, queueUpdates, registerDevice, troubledUpdates, type WalletUpdate } from '../../src/wallet/queries.ts';
import { engines } from '../support/db.ts';
import { appsOn } from '../support/temp.ts';

const both = { apple: true, google: true };
const ok = async (): Promise<Delivery> => ({ ok: true });
const updates = (app: App) => app.db.query('SELECT wallet, card_id, target, attempts, again, delivered_at IS NOT NULL AS delivered, gave_up FROM wallet_updates ORDER BY id');

describe.each(engines)('the wallet updates on %s', (engine) => {
  const fresh = appsOn(engine);
  /** An app with card CARD0001 in both wallets: its Apple pass on device DEVICE01. */
  const walletApp = async () => {
    const made = await fresh();
    await addPass(made.app.db, 'CARD0001', 'google', 'es', made.app.now());
    await registerDevice(made.app.db, 'DEVICE01', 'CARD0001', 'token0001', made.app.now());
    return made;
  };

  test('a printed card gets its row in `cards` with its first pass or device, and keeps an existing one', async () => {
    const { app } = await walletApp();
    await app.db.query(`INSERT INTO cards (id, origin, locale, created_at) VALUES ('DIGI0001', 'digital', 'es', now())`);
    await addPass(app.db, 'DIGI0001', 'apple', 'en', app.now());
    expect(await app.db.query('SELECT id, origin FROM cards ORDER BY id')).toEqual([
      { id: 'CARD0001', origin: 'printed' },
      { id: 'DIGI0001', origin: 'digital' },
    ]);
  });

  test('queueUpdates() queues one update per Apple device and the Google object; thirty at once still one each', async () => {
    const { app } = await walletApp();
    await Promise.all(Array.from({ length: 30 }, () => queueUpdates(app.db, 'CARD0001', both, app.now())));
    expect(await updates(app)).toEqual([
      { wallet: 'apple', card_id: 'CARD0001', target: 'DEVICE01', attempts: 0, again: false, delivered: false, gave_up: false },
      { wallet: 'google', card_id: 'CARD0001', target: 'object', attempts: 0, again: false, delivered: false, gave_up: false },
    ]);
  });

  test('twenty flushes at once send each update once; deliveries are counted from the rows', async () => {
    const { app } = await walletApp();
    await queueUpdates(app.db, 'CARD0001', both, app.now());
    const sent: string[] = [];
    const deliver = async (update: WalletUpdate): Promise<Delivery> => {
      sent.push(`${update.wallet} ${update.target}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ok: true };
    };
    const reports = await Promise.all(Array.from({ length: 20 }, () => flush(app, deliver, { limit: 10 })));
    expect(sent.toSorted()).toEqual(['apple DEVICE01', 'google object']);
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(2);
    expect(await deliveredCounts(app.db)).toEqual({ apple: 1, google: 1 });
    // Delivered rows stay; a new change queues new ones.
    await queueUpdates(app.db, 'CARD0001', both, app.now());
    await flush(app, ok, { limit: 10 });
    expect(await deliveredCounts(app.db)).toEqual({ apple: 2, google: 2 });
  });

  test('a change that arrives while its update is on the way is sent again, right after', async () => {
    const { app } = await walletApp();
    await queueUpdates(app.db, 'CARD0001', { apple: true, google: false }, app.now());
    let calls = 0;
    const deliver = async (): Promise<Delivery> => {
      // The second stamp lands while the first push is in flight.
      if (++calls === 1) await queueUpdates(app.db, 'CARD0001', { apple: true, google: false }, app.now());
      return { ok: true };
    };
    expect(await flush(app, deliver, { limit: 10 })).toEqual({ sent: 2, failed: 0 });
    expect(calls).toBe(2);
    expect((await updates(app)).map((row) => row.delivered)).toEqual([true, true]);
  });

  test('a failure waits longer each time and is given up after the last attempt, kept for the owner', async () => {
    const { app, clock } = await walletApp();
    await queueUpdates(app.db, 'CARD0001', { apple: true, google: false }, app.now());
    const fail = async (): Promise<Delivery> => ({ ok: false, error: 'APNs 500' });
    expect(await flush(app, fail, { limit: 10 })).toEqual({ sent: 0, failed: 1 });
    expect(await flush(app, fail, { limit: 10 })).toEqual({ sent: 0, failed: 0 });
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      clock.advance(retryDelayMs(attempt));
      expect(await flush(app, fail, { limit: 10 })).toEqual({ sent: 0, failed: 1 });
    }
    expect(await troubledUpdates(app.db, 10)).toEqual([expect.objectContaining({ card: 'CARD0001', attempts: MAX_ATTEMPTS, gaveUp: true, lastError: 'APNs 500' })]);
    clock.advance(retryDelayMs(MAX_ATTEMPTS));
    expect(await flush(app, ok, { limit: 10 })).toEqual({ sent: 0, failed: 0 });
    // The next change starts a new update beside the one given up.
    await queueUpdates(app.db, 'CARD0001', { apple: true, google: false }, app.now());
    expect(await flush(app, ok, { limit: 10 })).toEqual({ sent: 1, failed: 0 });
  });

  test('an update whose target is gone is forgotten', async () => {
    const { app } = await walletApp();
    await queueUpdates(app.db, 'CARD0001', both, app.now());
    expect(await flush(app, async () => ({ ok: false, error: 'The device unregistered', gone: true }), { limit: 10 })).toEqual({ sent: 0, failed: 0 });
    expect(await updates(app)).toEqual([]);
  });
});
