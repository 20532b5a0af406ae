import { z } from 'zod';
import { allows, inWindow, type RateLimit, type Verdict } from '../domain/rate-limit.ts';
import { defineDoc, type Doc, type Store } from '../store/store.ts';

const LogsSchema = z.object({ keys: z.record(z.string(), z.array(z.number())) });
type Logs = z.infer<typeof LogsSchema>;

/**
 * Each limit's attempt logs live in a few shard documents, and every write drops
 * the logs that left the window: the documents hold only active keys, their
 * number never grows, and nothing expired is left for `keys()` to walk.
 */
const SHARDS = 16;

function logsDoc(limit: RateLimit, key: string): Doc<Logs> {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return defineDoc(`limits/${limit.name}/${(hash % SHARDS).toString(16)}`, LogsSchema, () => ({ keys: {} }));
}

function dropExpired(limit: RateLimit, logs: Logs, now: Date): void {
  for (const [key, log] of Object.entries(logs.keys)) {
    const recent = inWindow(limit, log, now);
    if (recent.length === 0) delete logs.keys[key];
    else logs.keys[key] = recent;
  }
}

export type Taken = { ok: true; release: () => Promise<void> } | { ok: false; retryAfter: number };

/**
 * Counts one attempt by `key` (already a pseudonym, never a raw IP or email) if
 * it fits the limit, in one atomic update, so concurrent attempts can never pass
 * more than the limit. `release()` takes the attempt back (a sign-in that turned
 * out right). Refused attempts are not counted.
 * @example const taken = await take(store, loginLimit('staff'), pseudonym(secret, ip), now)
 */
export async function take(store: Store, limit: RateLimit, key: string, now: Date): Promise<Taken> {
  const doc = logsDoc(limit, key);
  const at = now.getTime();
  const verdict = await store.update(doc, (draft): Verdict => {
    dropExpired(limit, draft, now);
    const log = draft.keys[key] ?? [];
    const result = allows(limit, log, now);
    if (result.ok) draft.keys[key] = [...log, at];
    return result;
  });
  if (!verdict.ok) return verdict;
  return {
    ok: true,
    release: () =>
      store.update(doc, (draft) => {
        const log = draft.keys[key] ?? [];
        const index = log.indexOf(at);
        if (index >= 0) log.splice(index, 1);
        if (log.length === 0) delete draft.keys[key];
      }),
  };
}

/**
 * Counts one attempt and says whether it is within the limit.
 * @example const verdict = await hit(store, responseLimit, pseudonym(secret, ip), now)
 */
export async function hit(store: Store, limit: RateLimit, key: string, now: Date): Promise<Verdict> {
  const taken = await take(store, limit, key, now);
  return taken.ok ? { ok: true } : taken;
}
