/**
 * The guard on signing in, per account: wrong tries count in a streak, and past a few free ones each new try
 * must wait twice as long after the last failure, up to a cap. Browsers the account does not know share one
 * streak; a browser that signed in before (its device cookie, src/sessions/device.ts) has its own, so others'
 * failures never hold it back. Only wrong tries that were let through count: a refused try, or a right one,
 * never lengthens a wait. Pure: the streak lives in account_lockouts (src/sessions/queries.ts), the time is given.
 */
export interface LockoutPolicy {
  /** Failures allowed at once before any wait. */
  free: number;
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A streak with no failure for this long is forgotten. */
  forgetAfterMs: number;
}

/** The failures in a row of one account from one kind of browser. */
export interface FailureStreak {
  failures: number;
  startedAt: Date;
  lastAt: Date;
}

/** Whether a streak still counts at `now` (not forgotten after a quiet spell). */
function isLive(policy: LockoutPolicy, streak: FailureStreak | undefined, now: Date): streak is FailureStreak {
  return streak !== undefined && now.getTime() - streak.lastAt.getTime() < policy.forgetAfterMs;
}

/**
 * How long a streak of `failures` makes the next try wait after the last failure, in ms.
 * @example delayAfter({ free: 10, firstDelayMs: 1000, maxDelayMs: 900_000, forgetAfterMs: 86_400_000 }, 12) → 4000
 */
export function delayAfter(policy: LockoutPolicy, failures: number): number {
  if (failures < policy.free) return 0;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(failures - policy.free, 52));
}

/**
 * The delays after 0, 1, 2… failures up to the first that reaches the cap (every later one is the cap): the
 * table the lockout statement looks the wait up in, so the rule is written once, here.
 * @example delayTable({ free: 2, firstDelayMs: 1000, maxDelayMs: 3000, forgetAfterMs: 1 }) → [0, 0, 1000, 2000, 3000]
 */
export function delayTable(policy: LockoutPolicy): number[] {
  const table: number[] = [];
  for (let failures = 0; table.at(-1) !== policy.maxDelayMs; failures++) table.push(delayAfter(policy, failures));
  return table;
}

/**
 * Milliseconds before the streak's account takes another try from that kind of browser (0: now).
 * @example waitBeforeTry(policy, { failures: 12, startedAt, lastAt }, now)
 */
export function waitBeforeTry(policy: LockoutPolicy, streak: FailureStreak | undefined, now: Date): number {
  if (!isLive(policy, streak, now)) return 0;
  return Math.max(0, streak.lastAt.getTime() + delayAfter(policy, streak.failures) - now.getTime());
}

/**
 * Whether the owner hears of a streak that just reached `failures`: at the first wait, then at 10×, 100×… that.
 * @example alertDue(policy, 100) → true when policy.free is 10
 */
export function alertDue(policy: LockoutPolicy, failures: number): boolean {
  for (let mark = policy.free; mark <= failures; mark *= 10) if (mark === failures) return true;
  return false;
}

