import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { cardShard, type CardEvent } from '../../src/domain/card.ts';
import { monthLoyalty } from '../../src/domain/card-rollup.ts';
import { appendCardEvent, eventsDoc } from '../../src/services/cards.ts';
import { cardBucketDoc, cardFigures, cardFiguresDoc, cardsPage } from '../../src/services/card-rollups.ts';
import { issueDigitalCard } from '../../src/services/digital-card.ts';
import { SETTLE_MS } from '../../src/services/rollup-months.ts';
import { countReads } from '../support/reads.ts';
import { bothStores } from '../support/stores.ts';
import { testApp } from '../support/temp.ts';

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

/** Every page of the cards table, joined. */
async function allPages(app: App, perReward: number, size: number) {
  const loyalty = await cardFigures(app, perReward);
  const first = await cardsPage(app, loyalty, 1, size);
  const rest = await Promise.all(Array.from({ length: first.pages - 1 }, (_, i) => cardsPage(app, loyalty, i + 2, size)));
  return [first, ...rest].flatMap((page) => page.items.map(({ card, stamps, redeemed }) => `${card} ${stamps}/${redeemed}`));
}

const cardId = (n: number) => `C${String(n).padStart(7, '0')}`;

describe.each(bothStores)('the loyalty rollup (%s)', (_name, on) => {
  test('closed days are folded once; later views read the figures, the page\'s buckets and today\'s records only', async () => {
    const { app, clock, add } = await setup(on);
    for (const day of ['2026-11-02', '2026-11-03', '2026-11-20']) await add('AAAAAAAA', `${day}T10:00:00.000Z`);
    await add('BBBBBBBB', '2026-11-21T09:00:00.000Z');
    await add('AAAAAAAA', '2026-11-21T12:00:00.000Z', 'redeem');
    clock.set('2026-11-26T10:00:00Z');
    const first = await cardFigures(app, 3);
    expect(monthLoyalty(first.figures, '2026-11', '2026-10')).toEqual({ stamps: 4, previousStamps: 0, redeemed: 1, cardsUsed: 2, rewardsEarned: 1 });
    expect((await app.store.read(cardFiguresDoc)).through).toBe('2026-11-25');

    const { app: counted, reads } = countReads(app);
    const again = await cardFigures(counted, 3);
    expect(again.figures).toEqual(first.figures);
    const page = await cardsPage(counted, again, 1, 25);
    expect(page.items).toEqual([
      { card: 'AAAAAAAA', stamps: 3, redeemed: 1, last: '2026-11-21T12:00:00.000Z', digital: false },
      { card: 'BBBBBBBB', stamps: 1, redeemed: 0, last: '2026-11-21T09:00:00.000Z', digital: false },
    ]);
    expect(reads).toEqual([cardFiguresDoc.key, cardBucketDoc('2026-11-21').key]);
  });

  test('pages hold every card once, the most recently used first, with cards used today (again) on top', async () => {
    const { app, clock, add } = await setup(on);
    // 12 cards over 4 days, 3 a day; then two of them and a new one today.
    for (let n = 0; n < 12; n++) await add(cardId(n), `2026-11-${String(20 + Math.floor(n / 3)).padStart(2, '0')}T1${n % 3}:00:00.000Z`);
    clock.set('2026-11-26T08:00:00Z');
    await cardFigures(app, 8);
    for (const n of [4, 10, 12]) await add(cardId(n), `2026-11-26T09:0${n % 10}:00.000Z`);
    clock.set('2026-11-26T10:00:00Z');
    const expected = [4, 12, 10, 11, 9, 8, 7, 6, 5, 3, 2, 1, 0].map((n) => `${cardId(n)} ${[4, 10].includes(n) ? 2 : 1}/0`);
    expect(await allPages(app, 8, 5)).toEqual(expected);
    expect((await cardFigures(app, 8)).figures.printed).toMatchObject({ inUse: 13, stamps: 15 });

    // Once today has closed, it is folded: the same list from the buckets alone.
    clock.set(new Date(Date.parse('2026-11-27T00:00:00Z') + SETTLE_MS));
    expect(await allPages(app, 8, 5)).toEqual(expected);
    expect((await app.store.read(cardFiguresDoc)).through).toBe('2026-11-26');
    expect((await app.store.read(cardBucketDoc('2026-11-21'))).cards.map(([card]) => card)).toEqual([cardId(5), cardId(3)]);
  });

  test('two first views at once fold the same days once: every card once in the pages, the sums as one fold makes them', async () => {
    const { app, clock, add } = await setup(on);
    for (let n = 0; n < 6; n++) await add(cardId(n), `2026-11-2${n % 3}T1${n}:00:00.000Z`);
    await add(cardId(0), '2026-11-23T10:00:00.000Z');
    clock.set('2026-11-26T10:00:00Z');
    const [one, other] = await Promise.all([cardFigures(app, 8), cardFigures(app, 8)]);
    expect(one.figures).toEqual(other.figures);
    expect(one.figures.printed).toEqual({ inUse: 6, stamps: 7, earned: 0, redeemed: 0 });
    expect(await allPages(app, 8, 4)).toEqual([0, 5, 2, 4, 1, 3].map((n) => `${cardId(n)} ${n === 0 ? 2 : 1}/0`));
  });

  test('a card signed up for on a phone counts as digital, in the stored figures and today\'s alike', async () => {
    const { app, clock, add } = await setup(on);
    clock.set('2026-11-20T09:00:00.000Z');
    const signup = await issueDigitalCard(app, { locale: 'en', client: '192.0.2.9' });
    if (!signup.ok) throw new Error(signup.reason);
    await add(signup.card.card, '2026-11-20T10:00:00.000Z');
    await add('PPPPPPPP', '2026-11-21T10:00:00.000Z');
    clock.set('2026-11-26T08:00:00Z');
    expect((await cardFigures(app, 8)).figures).toMatchObject({ printed: { inUse: 1, stamps: 1 }, digital: { inUse: 1, stamps: 1 } });
    await add(signup.card.card, '2026-11-26T09:00:00.000Z');
    clock.set('2026-11-26T10:00:00Z');
    const loyalty = await cardFigures(app, 8);
    expect(loyalty.figures).toMatchObject({ printed: { inUse: 1, stamps: 1 }, digital: { inUse: 1, stamps: 2 } });
    expect(loyalty.figures.lastUse.map((entry) => [entry.day, entry.printed, entry.digital])).toEqual([['2026-11-21', 1, 0], ['2026-11-26', 0, 1]]);
  });

  test('a shop stored before the rollup is folded from its month documents, packs and records alike', async () => {
    const { app, clock, add } = await setup(on);
    // Before the ledger: per month and shard documents.
    const legacy: CardEvent[] = ['2026-09-01', '2026-09-08', '2026-10-01'].map((day, i) => ({ card: 'MMMMMMMM', type: 'stamp', at: `${day}T10:00:00.000Z`, key: `legacy-${i}` }));
    for (const event of legacy) await app.store.update(eventsDoc(event.at.slice(0, 7), cardShard(event.card)), (draft) => void draft.events.push(event));
    await add('MMMMMMMM', '2026-11-02T10:00:00.000Z');
    await add('NNNNNNNN', '2026-11-24T10:00:00.000Z');
    clock.set('2026-11-26T10:00:00Z');
    const loyalty = await cardFigures(app, 4);
    expect((await cardsPage(app, loyalty, 1, 25)).items.map(({ card, stamps }) => [card, stamps])).toEqual([['NNNNNNNN', 1], ['MMMMMMMM', 4]]);
    expect(monthLoyalty(loyalty.figures, '2026-11', '2026-10')).toMatchObject({ stamps: 2, previousStamps: 1, cardsUsed: 2, rewardsEarned: 1 });
    expect(monthLoyalty(loyalty.figures, '2026-09', '2026-08')).toMatchObject({ stamps: 2, cardsUsed: 1 });
  });

  test('a new number of stamps per reward counts the rewards again from the start', async () => {
    const { app, clock, add } = await setup(on);
    for (const day of ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05']) await add('AAAAAAAA', `${day}T10:00:00.000Z`);
    clock.set('2026-11-26T10:00:00Z');
    expect(monthLoyalty((await cardFigures(app, 4)).figures, '2026-11', '2026-10').rewardsEarned).toBe(1);
    expect(monthLoyalty((await cardFigures(app, 2)).figures, '2026-11', '2026-10').rewardsEarned).toBe(2);
    expect((await app.store.read(cardFiguresDoc)).perReward).toBe(2);
  });
});
