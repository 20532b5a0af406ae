import { z } from 'zod';
import { allows, retryAfterSeconds, windowOf, type RateLimit } from '../domain/rate-limit.ts';
import { defineDoc, type Store } from '../store/store.ts';

const Counts = z.object({ counts: z.record(z.string(), z.number().int()) });

/**
 * Counts one attempt by `key` (already a pseudonym, never a raw IP or email) and
 * says whether it is within the limit. Refused attempts are not counted.
 * @example const verdict = await hit(store, loginLimit, pseudonym(secret, ip), now)
 */
export async function hit(store: Store, limit: RateLimit, key: string, now: Date): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
  // One document per limit and window: old windows are never read again.
  const doc = defineDoc(`limits/${limit.name}/${windowOf(limit, now)}`, Counts, () => ({ counts: {} }));
  const ok = await store.update(doc, (draft) => {
    const count = draft.counts[key] ?? 0;
    if (!allows(limit, count)) return false;
    draft.counts[key] = count + 1;
    return true;
  });
  return ok ? { ok: true } : { ok: false, retryAfter: retryAfterSeconds(limit, now) };
}
