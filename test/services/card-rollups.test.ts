import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { cardShard, type CardEvent } from '../../src/domain/card.ts';
import { monthLoyalty } from '../../src/domain/card-rollup.ts';
import { appendCardEvent, eventsDoc } from '../../src/services/cards.ts';
import { cardRollup, cardRollupDoc } from '../../src/services/card-rollups.ts';
import { SETTLE_MS } from '../../src/services/rollup-months.ts';
import { blobsBackend } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';
import { countReads } from '../support/reads.ts';
import { testApp } from '../support/temp.ts';

/** The same app on the file store, and on the in-memory Blobs stand-in (production's semantics). */
const stores: [string, (app: App) => App][] = [
  ['file store', (app) => app],
  ['Blobs stand-in', (app) => ({ ...app, store: createStore(blobsBackend(new MemoryBlobs())) })],
];

async function setup(on: (app: App) => App) {
  const { app: base, clock } = await testApp();
  const app = on(base);
  let keys = 0;
  /** A stamp or redemption through the card's ledger, at `iso`. */
  const add = async (card: string, iso: string, type: CardEvent['type'] = 'stamp') => {
    clock.set(iso);
    const result = await appendCardEvent(app, card, type, `test-key-${keys++}`, () => ({ ok: true }));
    if (!result.ok) throw new Error('not added');
  };
  return { app, clock, add };
}

const cardRecordReads = (reads: string[]) => reads.filter((key) => key.startsWith('cards/') || key.startsWith('rollups/cards/'));

describe.each(stores)('cardRollup() (%s)', (_name, on) => {
  test('closed days are folded once; later views read the rollup and today\'s records only', async () => {
    const { app, clock, add } = await setup(on);
    for (const day of ['2026-11-02', '2026-11-03', '2026-11-20']) await add('AAAAAAAA', `${day}T10:00:00.000Z`);
    await add('BBBBBBBB', '2026-11-21T09:00:00.000Z');
    await add('AAAAAAAA', '2026-11-21T12:00:00.000Z', 'redeem');
    clock.set('2026-11-26T10:00:00Z');
    const first = await cardRollup(app, 3);
    expect(first.cards).toEqual([
      { card: 'AAAAAAAA', stamps: 3, redeemed: 1, last: '2026-11-21T12:00:00.000Z' },
      { card: 'BBBBBBBB', stamps: 1, redeemed: 0, last: '2026-11-21T09:00:00.000Z' },
    ]);
    expect(monthLoyalty(first, '2026-11', '2026-10')).toEqual({ stamps: 4, previousStamps: 0, redeemed: 1, cardsUsed: 2, rewardsEarned: 1 });
    expect((await app.store.read(cardRollupDoc)).through).toBe('2026-11-25');

    const { app: counted, reads } = countReads(app);
    expect(await cardRollup(counted, 3)).toEqual(first);
    expect(cardRecordReads(reads)).toEqual([]);
    expect(reads).toEqual([cardRollupDoc.key]);
  });

  test('today\'s stamps count at once, and are stored once their day has settled', async () => {
    const { app, clock, add } = await setup(on);
    await add('AAAAAAAA', '2026-11-25T10:00:00.000Z');
    clock.set('2026-11-26T08:00:00Z');
    await cardRollup(app, 3);
    await add('CCCCCCCC', '2026-11-26T09:00:00.000Z');
    clock.set('2026-11-26T09:30:00Z');
    expect((await cardRollup(app, 3)).cards.map((c) => c.card)).toEqual(['CCCCCCCC', 'AAAAAAAA']);
    expect((await app.store.read(cardRollupDoc)).cards.map(([card]) => card)).toEqual(['AAAAAAAA']);

    clock.set(new Date(Date.parse('2026-11-27T00:00:00Z') + SETTLE_MS));
    const next = await cardRollup(app, 3);
    expect((await app.store.read(cardRollupDoc)).through).toBe('2026-11-26');
    expect(next.cards.map((c) => c.card)).toEqual(['CCCCCCCC', 'AAAAAAAA']);
    expect(next.days.map((d) => [d.day, d.stamps])).toEqual([['2026-11-25', 1], ['2026-11-26', 1]]);
  });

  test('a shop stored before the rollup is folded from its month documents, packs and records alike', async () => {
    const { app, clock, add } = await setup(on);
    // Before the ledger: per month and shard documents.
    const legacy: CardEvent[] = ['2026-09-01', '2026-09-08', '2026-10-01'].map((day, i) => ({ card: 'MMMMMMMM', type: 'stamp', at: `${day}T10:00:00.000Z`, key: `legacy-${i}` }));
    for (const event of legacy) await app.store.update(eventsDoc(event.at.slice(0, 7), cardShard(event.card)), (draft) => void draft.events.push(event));
    await add('MMMMMMMM', '2026-11-02T10:00:00.000Z');
    await add('NNNNNNNN', '2026-11-24T10:00:00.000Z');
    clock.set('2026-11-26T10:00:00Z');
    const rollup = await cardRollup(app, 4);
    expect(rollup.cards).toEqual([
      { card: 'NNNNNNNN', stamps: 1, redeemed: 0, last: '2026-11-24T10:00:00.000Z' },
      { card: 'MMMMMMMM', stamps: 4, redeemed: 0, last: '2026-11-02T10:00:00.000Z' },
    ]);
    expect(monthLoyalty(rollup, '2026-11', '2026-10')).toMatchObject({ stamps: 2, previousStamps: 1, cardsUsed: 2, rewardsEarned: 1 });
    expect(monthLoyalty(rollup, '2026-09', '2026-08')).toMatchObject({ stamps: 2, cardsUsed: 1 });
  });

  test('a new number of stamps per reward counts the rewards again from the start', async () => {
    const { app, clock, add } = await setup(on);
    for (const day of ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']) await add('AAAAAAAA', `${day}T10:00:00.000Z`);
    clock.set('2026-11-26T10:00:00Z');
    expect(monthLoyalty(await cardRollup(app, 4), '2026-11', '2026-10').rewardsEarned).toBe(1);
    expect(monthLoyalty(await cardRollup(app, 2), '2026-11', '2026-10').rewardsEarned).toBe(2);
    expect((await app.store.read(cardRollupDoc)).perReward).toBe(2);
  });
});
