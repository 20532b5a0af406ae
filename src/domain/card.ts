import { z } from 'zod';
import { cardIdPattern, idempotencyKey } from '../loyalty/card.ts';

// The card rules live in src/loyalty/card.ts. What follows is left for the modules of the document store
// not yet ported (privacy, person index, people rollup, wallet records, the bench's seed): delete with them.
export * from '../loyalty/card.ts';

/** Which shard of the document store's registrations and wallet records a card belongs to (32 shards). */
export function cardShard(id: string): string {
  return id.charAt(0).toLowerCase();
}

/** One entry of a card's log as the document store kept it. */
export const cardEventSchema = z.object({
  card: z.string().regex(cardIdPattern),
  type: z.enum(['stamp', 'redeem']),
  /** ISO 8601 UTC. */
  at: z.iso.datetime(),
  key: idempotencyKey,
});
export type CardEvent = z.infer<typeof cardEventSchema>;
