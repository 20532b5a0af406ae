/**
 * The per-account guard on signing in: failures from every address count
 * together, and past a few free ones each new try must wait twice as long as
 * the last, up to a cap. Pure: the caller keeps the streak and gives the time.
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

/** The failures in a row against one account, and when the last one happened. */
export interface FailureStreak {
  failures: number;
  /** ms timestamp */
  startedAt: number;
  /** ms timestamp */
  lastAt: number;
}

/** The streak as it stands at `now`: none once it is forgotten. */
export function currentStreak(policy: LockoutPolicy, streak: FailureStreak | undefined, now: Date): FailureStreak | undefined {
  return streak && now.getTime() - streak.lastAt < policy.forgetAfterMs ? streak : undefined;
}

/** How long a streak of `failures` makes the next try wait after the last failure, in ms. */
export function delayAfter(policy: LockoutPolicy, failures: number): number {
  if (failures < policy.free) return 0;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (failures - policy.free));
}

/**
 * Milliseconds before the account takes another try (0: now).
 * @example waitBeforeTry(policy, { failures: 12, startedAt, lastAt }, now)
 */
export function waitBeforeTry(policy: LockoutPolicy, streak: FailureStreak | undefined, now: Date): number {
  const live = currentStreak(policy, streak, now);
  if (!live) return 0;
  return Math.max(0, live.lastAt + delayAfter(policy, live.failures) - now.getTime());
}

/** The streak after one more failure at `now`. */
export function withFailure(policy: LockoutPolicy, streak: FailureStreak | undefined, now: Date): FailureStreak {
  const live = currentStreak(policy, streak, now);
  const at = now.getTime();
  return live ? { failures: live.failures + 1, startedAt: live.startedAt, lastAt: at } : { failures: 1, startedAt: at, lastAt: at };
}

/** Whether the owner hears of a streak that just reached `failures`: at the first wait, then at 10×, 100×… that. */
export function alertDue(policy: LockoutPolicy, failures: number): boolean {
  for (let mark = policy.free; mark <= failures; mark *= 10) if (mark === failures) return true;
  return false;
}
