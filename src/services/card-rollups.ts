import { z } from 'zod';
import type { App } from '../app.ts';
import { emptyCardRollup, foldCardActivity, type CardRollup } from '../domain/card-rollup.ts';
import { defineDoc } from '../store/store.ts';
import { cardActivity } from './card-activity.ts';
import { DAY_MS, dayOf, dayStart, openFrom } from './rollup-months.ts';

/**
 * The loyalty figures' running rollup (src/domain/card-rollup.ts), with every
 * closed day folded in once, in time order:
 *
 *   rollups/card-figures   { through, perReward, cards: [card, stamps, redeemed, last][], days: [day, stamps, redeems][], months: [month, cardsUsed, earned][] }
 *
 * One row per card in use (tuples: ~40 bytes a card), one per day and month with
 * activity. The first view after a day closes folds it (from the month packs of
 * card-activity.ts, so a shop stored before this rollup is folded from its packs
 * or records the first time); the open days' events are added on the fly, never stored.
 */
const storedSchema = z.object({
  /** The last day folded (`2026-11-25`), or null before any. */
  through: z.string().nullable(),
  perReward: z.number().int(),
  cards: z.array(z.tuple([z.string(), z.number(), z.number(), z.string()])),
  days: z.array(z.tuple([z.string(), z.number(), z.number()])),
  months: z.array(z.tuple([z.string(), z.number(), z.number()])),
});
type Stored = z.infer<typeof storedSchema>;

export const cardRollupDoc = defineDoc('rollups/card-figures', storedSchema, () => ({ through: null, perReward: 0, cards: [], days: [], months: [] }));

const fromStored = (stored: Stored): CardRollup => ({
  perReward: stored.perReward,
  cards: stored.cards.map(([card, stamps, redeemed, last]) => ({ card, stamps, redeemed, last })),
  days: stored.days.map(([day, stamps, redeems]) => ({ day, stamps, redeems })),
  months: stored.months.map(([month, cardsUsed, earned]) => ({ month, cardsUsed, earned })),
});

const toStored = (rollup: CardRollup, through: string): Stored => ({
  through,
  perReward: rollup.perReward,
  cards: rollup.cards.map((c) => [c.card, c.stamps, c.redeemed, c.last]),
  days: rollup.days.map((d) => [d.day, d.stamps, d.redeems]),
  months: rollup.months.map((m) => [m.month, m.cardsUsed, m.earned]),
});

/**
 * The loyalty rollup as it stands now: the stored closed days (folding the ones
 * missing first) plus the open days' events.
 * @example const rollup = await cardRollup(app, readProgramme().stampsPerReward)
 */
export async function cardRollup(app: App, perReward: number): Promise<CardRollup> {
  const open = dayStart(openFrom(app));
  const [closed, today] = await Promise.all([settledCardRollup(app, perReward, dayOf(open - DAY_MS)), cardActivity(app, { from: new Date(open) })]);
  return foldCardActivity(closed, today);
}

/** The rollup through `lastClosed`, folding and storing the days after the stored one first. */
async function settledCardRollup(app: App, perReward: number, lastClosed: string): Promise<CardRollup> {
  const stored = await app.store.read(cardRollupDoc);
  // Rewards are counted with the programme's stamps per reward: a new programme refolds from the start.
  const fresh = stored.perReward !== perReward || stored.through === null;
  if (!fresh && stored.through! >= lastClosed) return fromStored(stored);
  const from = fresh ? undefined : new Date(dayStart(stored.through!) + DAY_MS);
  const events = await cardActivity(app, { from, to: new Date(dayStart(lastClosed) + DAY_MS) });
  return app.store.update(cardRollupDoc, (draft) => {
    const sameProgramme = draft.perReward === perReward && draft.through !== null;
    // Another view may have folded meanwhile: add only what the stored rollup lacks.
    if (sameProgramme && draft.through! >= lastClosed) return fromStored(draft);
    // Only while two programmes run side by side (a deploy): this view keeps what it read.
    if (!sameProgramme && !fresh) return fromStored(stored);
    const base = sameProgramme ? fromStored(draft) : emptyCardRollup(perReward);
    const folded = foldCardActivity(base, events.filter((event) => !sameProgramme || event.at.slice(0, 10) > draft.through!));
    Object.assign(draft, toStored(folded, lastClosed));
    return folded;
  });
}
