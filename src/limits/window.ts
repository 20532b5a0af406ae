/** At most `max` attempts by one key in any `windowMs`: a sliding window (a fixed one lets twice the limit across its edge). */
export interface RateLimit {
  name: string;
  max: number;
  windowMs: number;
}

/** The attempts one key made, as millisecond timestamps, oldest first (at most `max` per active key). */
export type AttemptLog = number[];

export type Verdict = { ok: true } | { ok: false; retryAfter: number };

/** Whether one more attempt fits in the window ending at `now`; if not, the seconds until the oldest counted one leaves it. */
export function allows(limit: RateLimit, log: AttemptLog, now: Date): Verdict {
  const recent = log.filter((at) => at > now.getTime() - limit.windowMs);
  if (recent.length < limit.max) return { ok: true };
  const frees = recent[recent.length - limit.max]! + limit.windowMs;
  return { ok: false, retryAfter: Math.max(1, Math.ceil((frees - now.getTime()) / 1000)) };
}
