import { randomBytes } from 'node:crypto';
import type { App } from '../app.ts';
import { batchCardIds, cardCode, cardIdFromBytes } from './card.ts';
import { insertBatch, type Batch } from './queries.ts';

/** The most cards one batch may hold: a print run, not a database. */
export const MAX_BATCH = 5000;

/** Records a new batch of `count` cards, numbered after the last, and returns it with its card codes. */
export async function issueBatch(app: App, count: number): Promise<{ batch: Batch; codes: string[] }> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH) throw new RangeError(`A batch holds 1 to ${MAX_BATCH} cards, not ${count}`);
  // Two owners' batches at once compute the same number: the one refused takes the next (a few tries at most).
  for (let attempt = 0; attempt < 10; attempt++) {
    const batch = await insertBatch(app.db, { id: cardIdFromBytes(randomBytes(8)), count, at: app.now() });
    if (batch) return { batch, codes: batchCodes(app, batch) };
  }
  throw new Error('No batch number was free after 10 tries');
}

/** The codes of a batch's cards, in print order: the same every time (they derive from CARD_SECRET). */
export function batchCodes(app: Pick<App, 'secret'>, batch: Pick<Batch, 'id' | 'count'>): string[] {
  const secret = app.secret('CARD_SECRET');
  return batchCardIds(secret, batch.id, batch.count).map((id) => cardCode(secret, id));
}
