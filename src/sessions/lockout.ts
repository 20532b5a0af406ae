/**
 * The guard on signing in, per account: past `free` wrong tries, each try waits twice as long after the last
 * failure (from `firstDelayMs` up to `maxDelayMs`); a streak quiet for `forgetAfterMs` is forgotten. Unknown
 * browsers share one streak, a remembered one (src/sessions/device.ts) has its own. Only wrong tries let through
 * count. Pure: the streak lives in account_lockouts (src/sessions/queries.ts).
 */
export interface LockoutPolicy {
  free: number;
  firstDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

/** The failures in a row of one account from one kind of browser. */
export interface FailureStreak {
  failures: number;
  startedAt: Date;
  lastAt: Date;
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
  if (!streak || now.getTime() - streak.lastAt.getTime() >= policy.forgetAfterMs) return 0;
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

