import { randomBytes } from 'node:crypto';
import type { App } from '../app.ts';
import { batchCardIds, cardCode, cardIdFromBytes } from '../domain/card.ts';
import { batchesDoc, type Batch } from './cards.ts';

/** The most cards one batch may hold: a print run, not a database. */
export const MAX_BATCH = 5000;

/**
 * Records a new batch of `count` cards and returns it with its card codes.
 * @example const { batch, codes } = await issueBatch(app, 100)
 */
export async function issueBatch(app: App, count: number): Promise<{ batch: Batch; codes: string[] }> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH) throw new RangeError(`A batch holds 1 to ${MAX_BATCH} cards, not ${count}`);
  const id = cardIdFromBytes(randomBytes(8));
  const createdAt = app.now().toISOString();
  const batch = await app.store.update(batchesDoc, (draft) => {
    const made: Batch = { id, number: draft.batches.length + 1, count, createdAt };
    draft.batches.push(made);
    return made;
  });
  return { batch, codes: batchCodes(app, batch) };
}

/** The codes of a batch's cards, in print order: the same every time (they derive from CARD_SECRET). */
export function batchCodes(app: App, batch: Pick<Batch, 'id' | 'count'>): string[] {
  const secret = app.secret('CARD_SECRET');
  return batchCardIds(secret, batch.id, batch.count).map((id) => cardCode(secret, id));
}
