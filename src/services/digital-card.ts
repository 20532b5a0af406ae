import { z } from 'zod';
import type { App } from '../app.ts';
import { cardIdPattern } from '../domain/card.ts';
import { locales } from '../i18n/locales.ts';
import { defineDoc } from '../store/store.ts';

// Left for the card rollups (src/services/card-rollups.ts, which the monthly summary still reads): digital
// cards are now rows of `cards` (src/loyalty/digital-card.ts). Delete with the rollups.

export const digitalCardSchema = z.object({
  card: z.string().regex(cardIdPattern),
  batch: z.literal('digital'),
  createdAt: z.iso.datetime(),
  locale: z.enum(locales),
});
export type DigitalCard = z.infer<typeof digitalCardSchema>;

const digitalCardsDoc = (shard: string) => defineDoc(`cards/digital/${shard}`, z.object({ cards: z.array(digitalCardSchema) }), () => ({ cards: [] }));

/** Every digital card the document store holds, oldest first. */
export async function listDigitalCards(app: App): Promise<DigitalCard[]> {
  const keys = await app.store.keys('cards/digital/');
  const docs = await Promise.all(keys.map((key) => app.store.read(digitalCardsDoc(key.split('/').pop()!))));
  return docs.flatMap((doc) => doc.cards).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
