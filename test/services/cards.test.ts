import { describe, expect, test } from 'vitest';
import { readProgramme, type Loyalty } from '../../src/catalog/loyalty.ts';
import { cardCode } from '../../src/domain/card.ts';
import { cardEvents, cardHistory, cardRegistration, cardRegistrations, listBatches, listRegistrations, registrationDoc, registrationsDoc } from '../../src/services/cards.ts';
import { countReads } from '../support/reads.ts';
import { batchCodes, issueBatch } from '../../src/services/issue-batch.ts';
import { redeemReward } from '../../src/services/redeem-reward.ts';
import { registerCard } from '../../src/services/register-card.ts';
import { stampCard } from '../../src/services/stamp-card.ts';
import { snapshotFiles, testApp } from '../support/temp.ts';

const programme: Loyalty = { ...readProgramme(), stampsPerReward: 3, limits: { minutesBetweenStamps: 30, maxStampsPerDay: 2 } };
const env = { CARD_SECRET: 'test-card-secret' };
const HOUR = 3_600_000;

/** A fresh app, a genuine card code, and a helper that stamps it once a day. */
async function setup() {
  const { app, clock, dataDir } = await testApp(env);
  const code = cardCode('test-card-secret', 'K7M2Q9XA');
  let n = 0;
  const stampDaily = async (times: number) => {
    for (let i = 0; i < times; i++) {
      const result = await stampCard(app, programme, { code, key: `stamp-key-${n++}` });
      expect(result.ok).toBe(true);
      clock.advance(24 * HOUR);
    }
  };
  return { app, clock, dataDir, code, stampDaily };
}

describe('stampCard()', () => {
  test('adds a stamp and answers the new balance', async () => {
    const { app, code } = await setup();
    const result = await stampCard(app, programme, { code, key: 'first-tap-1' });
    expect(result).toMatchObject({ ok: true, cardId: 'K7M2Q9XA', repeated: false, balance: { stamps: 1, progress: 1, ready: 0 } });
  });

  test('the same idempotency key twice (a double tap) adds one stamp, even at once', async () => {
    const { app, code } = await setup();
    const taps = await Promise.all([stampCard(app, programme, { code, key: 'double-tap-1' }), stampCard(app, programme, { code, key: 'double-tap-1' })]);
    // Either tap may land first: one adds the stamp, the other is told it was already added.
    expect(taps.map((tap) => tap.ok && tap.repeated).sort()).toEqual([false, true]);
    expect(taps.every((tap) => tap.ok && tap.balance.stamps === 1)).toBe(true);
    expect(await cardHistory(app, 'K7M2Q9XA')).toHaveLength(1);
  });

  test('refuses a second stamp within the minimum minutes, then allows it', async () => {
    const { app, clock, code } = await setup();
    await stampCard(app, programme, { code, key: 'gap-key-1' });
    clock.advance(29 * 60_000);
    expect(await stampCard(app, programme, { code, key: 'gap-key-2' })).toMatchObject({ ok: false, reason: 'too-soon', retryAt: new Date('2026-11-26T10:30:00Z'), balance: { stamps: 1 } });
    clock.advance(60_000);
    expect(await stampCard(app, programme, { code, key: 'gap-key-3' })).toMatchObject({ ok: true, balance: { stamps: 2 } });
  });

  test('refuses more than the daily maximum', async () => {
    const { app, clock, code } = await setup();
    for (const key of ['day-key-1', 'day-key-2']) {
      expect((await stampCard(app, programme, { code, key })).ok).toBe(true);
      clock.advance(HOUR);
    }
    expect(await stampCard(app, programme, { code, key: 'day-key-3' })).toMatchObject({ ok: false, reason: 'daily-limit' });
    clock.set('2026-11-27T00:00:00Z');
    expect((await stampCard(app, programme, { code, key: 'day-key-4' })).ok).toBe(true);
  });

  test('a forged code stores nothing', async () => {
    const { app, dataDir, code } = await setup();
    const before = await snapshotFiles(dataDir);
    expect(await stampCard(app, programme, { code: code.slice(0, -1) + '0', key: 'forged-key' })).toEqual({ ok: false, reason: 'invalid-code' });
    expect(await stampCard(app, programme, { code: cardCode('other-secret', 'K7M2Q9XA'), key: 'forged-key' })).toEqual({ ok: false, reason: 'invalid-code' });
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });

  test('stamps across months count together', async () => {
    const { app, clock, code, stampDaily } = await setup();
    clock.set('2026-11-30T10:00:00Z');
    await stampDaily(2);
    expect(await stampCard(app, programme, { code, key: 'december-1' })).toMatchObject({ ok: true, balance: { stamps: 3, ready: 1 } });
    // One ledger per card, whatever the months; the day index files each event under its own day.
    expect(await app.store.keys('cards/ledger/')).toEqual(['cards/ledger/K7M2Q9XA']);
    expect((await cardEvents(app, { from: new Date('2026-12-01T00:00:00Z') })).map((event) => event.key)).toEqual(['stamp-key-1', 'december-1']);
  });
});

describe('redeemReward()', () => {
  test('refuses before the reward, redeems once after', async () => {
    const { app, code, stampDaily } = await setup();
    expect(await redeemReward(app, programme, { code, key: 'redeem-early' })).toMatchObject({ ok: false, reason: 'no-reward' });
    await stampDaily(3);
    expect(await redeemReward(app, programme, { code, key: 'redeem-key-1' })).toMatchObject({ ok: true, balance: { ready: 0, redeemed: 1 } });
    expect(await redeemReward(app, programme, { code, key: 'redeem-key-2' })).toMatchObject({ ok: false, reason: 'no-reward' });
  });

  test('two concurrent redeems of one reward give exactly one success', async () => {
    const { app, code, stampDaily } = await setup();
    await stampDaily(3);
    const results = await Promise.all([redeemReward(app, programme, { code, key: 'phone-one-1' }), redeemReward(app, programme, { code, key: 'phone-two-1' })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toMatchObject([{ reason: 'no-reward' }]);
    expect((await cardHistory(app, 'K7M2Q9XA')).filter((e) => e.type === 'redeem')).toHaveLength(1);
  });

  test('the same key twice redeems once and answers success both times', async () => {
    const { app, code, stampDaily } = await setup();
    await stampDaily(6);
    const first = await redeemReward(app, programme, { code, key: 'same-redeem' });
    const again = await redeemReward(app, programme, { code, key: 'same-redeem' });
    expect(first).toMatchObject({ ok: true, repeated: false, balance: { ready: 1 } });
    expect(again).toMatchObject({ ok: true, repeated: true, balance: { ready: 1 } });
  });
});

describe('issueBatch() and listBatches()', () => {
  test('records numbered batches whose codes are genuine, distinct and the same on every reprint', async () => {
    const { app } = await testApp(env);
    const first = await issueBatch(app, 25);
    const second = await issueBatch(app, 10);
    expect(first.codes).toHaveLength(25);
    expect(new Set([...first.codes, ...second.codes]).size).toBe(35);
    expect(batchCodes(app, first.batch)).toEqual(first.codes);
    expect(await listBatches(app)).toEqual([
      { id: first.batch.id, number: 1, count: 25, createdAt: '2026-11-26T10:00:00.000Z' },
      { id: second.batch.id, number: 2, count: 10, createdAt: '2026-11-26T10:00:00.000Z' },
    ]);
    for (const code of first.codes) expect((await stampCard(app, programme, { code, key: 'batch-check' })).ok).toBe(true);
  });

  test('refuses an empty or oversized batch', async () => {
    const { app } = await testApp(env);
    await expect(issueBatch(app, 0)).rejects.toThrow(RangeError);
    await expect(issueBatch(app, 5001)).rejects.toThrow(RangeError);
    expect(await listBatches(app)).toEqual([]);
  });
});

describe('cardEvents()', () => {
  test('lists every card\'s events in a time range, oldest first', async () => {
    const { app, clock } = await testApp(env);
    const codes = ['AAAAAAAA', 'ZZZZZZZZ'].map((id) => cardCode('test-card-secret', id));
    clock.set('2026-10-31T12:00:00Z');
    await stampCard(app, programme, { code: codes[0]!, key: 'october-1' });
    clock.set('2026-11-02T12:00:00Z');
    await stampCard(app, programme, { code: codes[1]!, key: 'november-1' });
    clock.set('2026-11-03T12:00:00Z');
    await stampCard(app, programme, { code: codes[0]!, key: 'november-2' });
    const november = await cardEvents(app, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-12-01T00:00:00Z') });
    expect(november.map((e) => [e.card, e.type, e.at])).toEqual([
      ['ZZZZZZZZ', 'stamp', '2026-11-02T12:00:00.000Z'],
      ['AAAAAAAA', 'stamp', '2026-11-03T12:00:00.000Z'],
    ]);
    expect(await cardEvents(app)).toHaveLength(3);
  });
});

describe('registerCard() and listRegistrations()', () => {
  const details = { name: 'Ana García', email: 'Ana@Example.com', birthday: { day: 29, month: 2 }, language: 'es' as const, newsletter: true };

  test('stores the customer\'s details once per card; registering again replaces them', async () => {
    const { app, clock, code } = await setup();
    expect(await registerCard(app, code, details, '192.0.2.1')).toMatchObject({ ok: true, registration: { card: 'K7M2Q9XA', email: 'ana@example.com' } });
    clock.advance(HOUR);
    await registerCard(app, code, { ...details, birthday: null, newsletter: false }, '192.0.2.1');
    expect(await listRegistrations(app)).toEqual([
      {
        card: 'K7M2Q9XA',
        name: 'Ana García',
        email: 'ana@example.com',
        birthday: null,
        language: 'es',
        newsletter: false,
        registeredAt: '2026-11-26T10:00:00.000Z',
        updatedAt: '2026-11-26T11:00:00.000Z',
      },
    ]);
    expect(await cardRegistration(app, 'K7M2Q9XA')).toMatchObject({ name: 'Ana García' });
  });

  test('the registrations of some cards read their own documents, never the shards that hold every member', async () => {
    const { app } = await setup();
    // K7M2Q9XA and KAAAAAAA share a shard (by first character); ZZZZZZZZ is in another, and M2222222 in one not read.
    for (const card of ['K7M2Q9XA', 'KAAAAAAA', 'ZZZZZZZZ', 'M2222222']) await registerCard(app, cardCode('test-card-secret', card), { ...details, email: `${card}@example.com` }, '192.0.2.1');
    const wanted = ['K7M2Q9XA', 'KAAAAAAA', 'ZZZZZZZZ', 'K9999999'];
    // The first view copies the shards' registrations made before the cards' own documents, once.
    expect([...(await cardRegistrations(app, wanted)).keys()].sort()).toEqual(['K7M2Q9XA', 'KAAAAAAA', 'ZZZZZZZZ']);
    const { app: counted, reads } = countReads(app);
    const found = await cardRegistrations(counted, wanted);
    expect([...found.keys()].sort()).toEqual(['K7M2Q9XA', 'KAAAAAAA', 'ZZZZZZZZ']);
    expect(found.get('ZZZZZZZZ')).toMatchObject({ email: 'zzzzzzzz@example.com' });
    expect(reads.filter((key) => key.startsWith('cards/registrations/'))).toEqual([]);
    expect(reads.filter((key) => key.startsWith('cards/registration/')).sort()).toEqual(wanted.map((card) => registrationDoc(card).key).sort());
  });

  test('registrations stored before the cards had their own documents are found, and a newer one wins over its copy', async () => {
    const { app } = await setup();
    const stored = (card: string, name: string) => ({ card, ...details, name, email: `${card.toLowerCase()}@example.com`, registeredAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' });
    await app.store.update(registrationsDoc('k'), (draft) => void draft.registrations.push(stored('K7M2Q9XA', 'Old name'), stored('KAAAAAAA', 'Ben')));
    // Registered again before any view copied the shard: its own document is newer than the shard's copy would be.
    await registerCard(app, cardCode('test-card-secret', 'K7M2Q9XA'), { ...details, name: 'New name' }, '192.0.2.1');
    const found = await cardRegistrations(app, ['K7M2Q9XA', 'KAAAAAAA']);
    expect(found.get('K7M2Q9XA')).toMatchObject({ name: 'New name' });
    expect(found.get('KAAAAAAA')).toMatchObject({ name: 'Ben' });
    expect(await cardRegistration(app, 'KAAAAAAA')).toMatchObject({ name: 'Ben' });
  });

  test('refuses a forged code and stores nothing', async () => {
    const { app, dataDir } = await setup();
    const before = await snapshotFiles(dataDir);
    expect(await registerCard(app, 'K7M2Q9XAforgedsig0', details, '192.0.2.1')).toEqual({ ok: false, reason: 'invalid-code' });
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });
});
