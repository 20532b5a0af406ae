import { z } from 'zod';
import { waitBeforeTry, withFailure, type FailureStreak, type LockoutPolicy } from '../domain/lockout.ts';
import { defineDoc, type Store } from '../store/store.ts';

const streakSchema = z.object({ failures: z.number().int().min(0), startedAt: z.number(), lastAt: z.number() });
const streakDoc = (account: string) =>
  defineDoc(`limits/accounts/${account}`, z.object({ streak: streakSchema.optional() }), (): { streak?: FailureStreak } => ({}));

export type AccountTry = { ok: true; streak: FailureStreak; release: () => Promise<void> } | { ok: false; retryAfter: number };

/**
 * One try at an account, counted as a failure at once (in one atomic update, so
 * concurrent tries from many addresses all wait their turn); `release()` takes it
 * back when the secret was right. Refused while the streak's wait runs.
 * @example const verdict = await tryAccount(store, staffLockout, 'staff', now)
 */
export async function tryAccount(store: Store, policy: LockoutPolicy, account: string, now: Date): Promise<AccountTry> {
  const doc = streakDoc(account);
  const result = await store.update(doc, (draft): { wait: number } | { streak: FailureStreak } => {
    const wait = waitBeforeTry(policy, draft.streak, now);
    if (wait > 0) return { wait };
    draft.streak = withFailure(policy, draft.streak, now);
    return { streak: { ...draft.streak } };
  });
  if ('wait' in result) return { ok: false, retryAfter: Math.ceil(result.wait / 1000) };
  const { startedAt } = result.streak;
  return {
    ok: true,
    streak: result.streak,
    release: () =>
      store.update(doc, (draft) => {
        if (draft.streak?.startedAt !== startedAt) return;
        draft.streak.failures -= 1;
        if (draft.streak.failures === 0) delete draft.streak;
      }),
  };
}
