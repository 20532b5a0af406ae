/** A limit: at most `max` attempts per `windowMs` for one key. */
export interface RateLimit {
  name: string;
  max: number;
  windowMs: number;
}

/** The fixed window `now` falls in: attempts are counted per window. */
export function windowOf(limit: RateLimit, now: Date): number {
  return Math.floor(now.getTime() / limit.windowMs);
}

/** Whether one more attempt fits, given the attempts already counted in this window. */
export function allows(limit: RateLimit, countSoFar: number): boolean {
  return countSoFar < limit.max;
}

/** Seconds until the window that `now` falls in ends: the Retry-After of a refused attempt. */
export function retryAfterSeconds(limit: RateLimit, now: Date): number {
  return Math.ceil(((windowOf(limit, now) + 1) * limit.windowMs - now.getTime()) / 1000);
}
