import type { App } from '../app.ts';
import { claimDue, forgetUpdate, recordDelivered, recordFailed, type WalletUpdate } from './queries.ts';

/**
 * Wallet updates to deliver (wallet_updates): what fails is retried by a later stamp or the scheduled retry,
 * with a growing wait, up to MAX_ATTEMPTS. Each update is claimed before it is sent, so two senders never send
 * it twice; a change arriving meanwhile marks it `again`, so the newest state is always sent last.
 */

export type Delivery = { ok: true } | { ok: false; error: string; gone?: boolean };

export const MAX_ATTEMPTS = 8;
/** How long a sender holds what it claimed: far longer than a delivery may take (DELIVERY_TIMEOUT_MS). */
const CLAIM_MS = 60_000;

/** Minutes to wait after the n-th failure: 1, 2, 4 … up to 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360) * 60_000;
}

/**
 * Sends what is due (at most `limit` updates, at once), records each outcome, and never throws.
 * @example await flush(app, (update) => deliver(app, update), { limit: 10 })
 */
export async function flush(app: App, deliver: (update: WalletUpdate) => Promise<Delivery>, options: { limit: number }, rounds = 2): Promise<{ sent: number; failed: number }> {
  const now = app.now();
  const claimed = await claimDue(app.db, now, new Date(now.getTime() + CLAIM_MS), options.limit);
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const outcomes = await Promise.all(
    claimed.map((update) => deliver(update).catch((error: unknown): Delivery => ({ ok: false, error: error instanceof Error ? error.message : String(error) }))),
  );
  const finished = app.now();
  const recorded = await Promise.all(
    claimed.map(async (update, index): Promise<'sent' | 'failed' | 'again' | 'gone'> => {
      const outcome = outcomes[index]!;
      if (outcome.ok) return (await recordDelivered(app.db, update.id, finished)) ? 'again' : 'sent';
      if (outcome.gone) {
        await forgetUpdate(app.db, update.id);
        return 'gone';
      }
      const attempts = update.attempts + 1;
      await recordFailed(app.db, update.id, finished, outcome.error, new Date(finished.getTime() + retryDelayMs(attempts)), MAX_ATTEMPTS);
      return 'failed';
    }),
  );
  const sent = recorded.filter((r) => r === 'sent' || r === 'again').length;
  const failed = recorded.filter((r) => r === 'failed').length;
  // A card changed while its update was on its way: send its newest state now, not at the next stamp.
  if (!recorded.includes('again') || rounds <= 1) return { sent, failed };
  const more = await flush(app, deliver, options, rounds - 1);
  return { sent: sent + more.sent, failed: failed + more.failed };
}
