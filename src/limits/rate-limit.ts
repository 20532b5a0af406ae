import { z } from 'zod';
import type { App } from '../app.ts';
import { firstRow } from '../db/db.ts';
import { allows, type RateLimit, type Verdict } from './window.ts';

// Counts one attempt if the key's window has room, in one statement: ON CONFLICT DO UPDATE locks the key's
// row and re-checks its WHERE on the newest version, so concurrent attempts never pass `max`, on any engine.
// The same statement drops other keys of the limit whose window has passed, so the table holds active keys only.
const takeAttempt = `
  WITH expired AS (
    DELETE FROM rate_limits WHERE name = $1 AND key <> $2 AND attempts[cardinality(attempts)] <= $4
  )
  INSERT INTO rate_limits AS r (name, key, attempts) VALUES ($1, $2, ARRAY[$3::timestamptz])
  ON CONFLICT (name, key) DO UPDATE
    SET attempts = array(SELECT a FROM unnest(r.attempts) a WHERE a > $4 ORDER BY a) || $3::timestamptz
    WHERE (SELECT count(*) FROM unnest(r.attempts) a WHERE a > $4) < $5
  RETURNING true AS counted`;

const recentAttempts = `SELECT array(SELECT a FROM unnest(attempts) a WHERE a > $3 ORDER BY a) AS recent FROM rate_limits WHERE name = $1 AND key = $2`;

const giveBack = `UPDATE rate_limits SET attempts = array_remove(attempts, $3::timestamptz) WHERE name = $1 AND key = $2`;

export type Taken = { ok: true; release: () => Promise<void> } | { ok: false; retryAfter: number };

/**
 * Counts one attempt by `key` (already a pseudonym, never a raw address or email) if it fits the limit;
 * `release()` takes it back (a sign-in that turned out right). Refused attempts are not counted.
 * @example const taken = await take(app, loginLimit('staff'), pseudonym(secret, ip), now)
 */
export async function take(app: Pick<App, 'db'>, limit: RateLimit, key: string, now: Date): Promise<Taken> {
  const since = new Date(now.getTime() - limit.windowMs);
  const counted = await app.db.query(takeAttempt, [limit.name, key, now, since, limit.max]);
  if (counted.length > 0) return { ok: true, release: async () => void (await app.db.query(giveBack, [limit.name, key, now])) };
  // Refused: when it may try again is the window rule's to say, from the attempts it has.
  const log = await firstRow(app.db, z.object({ recent: z.array(z.coerce.date()) }), recentAttempts, [limit.name, key, since]);
  const verdict = allows(limit, log?.recent.map((at) => at.getTime()) ?? [], now);
  return verdict.ok ? { ok: false, retryAfter: 1 } : verdict;
}

/** Counts one attempt and says whether it is within the limit. */
export async function hit(app: Pick<App, 'db'>, limit: RateLimit, key: string, now: Date): Promise<Verdict> {
  const taken = await take(app, limit, key, now);
  return taken.ok ? { ok: true } : taken;
}
