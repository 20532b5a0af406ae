import { z } from 'zod';
import type { App } from '../app.ts';
import { cardEventSchema } from '../domain/card.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { cardEvents } from './cards.ts';
import type { Period } from './records.ts';
import { packedMonths, type MonthPack } from './rollup-months.ts';

/**
 * Stamps and redemptions as the dashboard counts them (no idempotency keys),
 * packed a month per document once their days are closed:
 *
 *   rollups/cards/{yyyy-mm}   { through, items: { card, type, at }[] }
 *
 * so the loyalty figures, the monthly summary and the ladder read one
 * document per month instead of one per event.
 */
// Plain strings: packs are written only from checked events, and a view reads 100k of them.
const activitySchema = z.object({ card: z.string(), type: cardEventSchema.shape.type, at: z.string() });
export type CardActivity = z.infer<typeof activitySchema>;

export const cardPackDoc = (month: string): Doc<MonthPack<CardActivity>> =>
  defineDoc(`rollups/cards/${month}`, z.object({ through: z.string().nullable(), items: z.array(activitySchema) }), () => ({ through: null, items: [] }));

/**
 * Every stamp and redemption in a period (all history without one), oldest first.
 * @example await cardActivity(app, { from: new Date('2026-11-01'), to: new Date('2026-12-01') })
 */
export function cardActivity(app: App, period: Period = {}): Promise<CardActivity[]> {
  return packedMonths(
    app,
    {
      pack: cardPackDoc,
      prefixes: ['cards/events/', 'cards/days/'],
      read: async (from, to) => (await cardEvents(app, { from, to })).map(({ card, type, at }) => ({ card, type, at })),
      at: (event) => event.at,
    },
    period,
  );
}
