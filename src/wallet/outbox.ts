import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../app.ts';
import { cardIdPattern } from '../domain/card.ts';
import { defineDoc } from '../store/store.ts';

/**
 * Wallet updates still to deliver. A stamp writes what to send here first, then tries to send it; what
 * fails stays, with its error, and is tried again by a later stamp or the scheduled retry, with a growing
 * wait, until it succeeds or has failed MAX_ATTEMPTS times. The owner sees both on the dashboard.
 *
 * Each item is claimed before it is sent, so two stamps at once never send it twice; a change that arrives
 * while its item is being sent marks it `again`, so the newest state is always sent last.
 */

export type Delivery = { ok: true } | { ok: false; error: string; gone?: boolean };

export const MAX_ATTEMPTS = 8;
const CLAIM_MS = 60_000;

const itemSchema = z.object({
  id: z.string(),
  wallet: z.enum(['apple', 'google']),
  card: z.string().regex(cardIdPattern),
  /** Apple: the device to push to; Google: "object". */
  target: z.string(),
  createdAt: z.iso.datetime(),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.iso.datetime(),
  claimedUntil: z.iso.datetime().optional(),
  /** The card changed again while this item was being sent. */
  again: z.boolean().optional(),
  lastError: z.string().optional(),
  lastAttemptAt: z.iso.datetime().optional(),
  /** Failed MAX_ATTEMPTS times: kept for the owner to see, not tried again. */
  gaveUp: z.boolean().optional(),
});
export type OutboxItem = z.infer<typeof itemSchema>;

export const outboxDoc = defineDoc(
  'wallet/outbox',
  z.object({ items: z.array(itemSchema), delivered: z.object({ apple: z.number().int(), google: z.number().int() }) }),
  () => ({ items: [], delivered: { apple: 0, google: 0 } }),
);

/** Minutes to wait after the n-th failure: 1, 2, 4 … up to 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360) * 60_000;
}

/** Queues one update per target; a target already waiting is made due now instead of queued twice. */
export async function enqueue(app: App, targets: Pick<OutboxItem, 'wallet' | 'card' | 'target'>[]): Promise<void> {
  if (targets.length === 0) return;
  const now = app.now().toISOString();
  await app.store.update(outboxDoc, (draft) => {
    for (const target of targets) {
      const waiting = draft.items.find((i) => !i.gaveUp && i.wallet === target.wallet && i.card === target.card && i.target === target.target);
      if (!waiting) draft.items.push({ id: randomUUID(), ...target, createdAt: now, attempts: 0, nextAttemptAt: now });
      else if (waiting.claimedUntil && waiting.claimedUntil > now) waiting.again = true;
      else waiting.nextAttemptAt = now;
    }
  });
}

/**
 * Sends what is due (at most `limit` items, at once), records each outcome, and never throws.
 * @example await flush(app, (item) => deliver(app, item), { limit: 10 })
 */
export async function flush(app: App, deliver: (item: OutboxItem) => Promise<Delivery>, options: { limit: number }, rounds = 2): Promise<{ sent: number; failed: number }> {
  const now = app.now();
  const iso = now.toISOString();
  const claimed = await app.store.update(outboxDoc, (draft) => {
    const due = draft.items.filter((i) => !i.gaveUp && i.nextAttemptAt <= iso && !(i.claimedUntil && i.claimedUntil > iso)).slice(0, options.limit);
    for (const item of due) {
      item.claimedUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
      delete item.again;
    }
    return due.map((item) => ({ ...item }));
  });
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const outcomes = await Promise.all(
    claimed.map((item) => deliver(item).catch((error: unknown): Delivery => ({ ok: false, error: error instanceof Error ? error.message : String(error) }))),
  );
  const finished = app.now().toISOString();
  const outcome = await app.store.update(outboxDoc, (draft) => {
    let sent = 0;
    let failed = 0;
    let again = false;
    claimed.forEach((item, index) => {
      const outcome = outcomes[index]!;
      const at = draft.items.findIndex((i) => i.id === item.id);
      const current = draft.items[at];
      if (!current) return;
      delete current.claimedUntil;
      if (outcome.ok || outcome.gone) {
        if (outcome.ok) {
          sent++;
          draft.delivered[item.wallet]++;
        }
        // A change that came in meanwhile still has to be sent.
        if (current.again && outcome.ok) {
          delete current.again;
          current.nextAttemptAt = finished;
          again = true;
        } else {
          draft.items.splice(at, 1);
        }
        return;
      }
      failed++;
      current.attempts++;
      current.lastError = outcome.error;
      current.lastAttemptAt = finished;
      current.nextAttemptAt = new Date(Date.parse(finished) + retryDelayMs(current.attempts)).toISOString();
      if (current.attempts >= MAX_ATTEMPTS) current.gaveUp = true;
    });
    return { sent, failed, again };
  });
  // A card changed while its update was on its way: send its newest state now, not at the next stamp.
  if (!outcome.again || rounds <= 1) return { sent: outcome.sent, failed: outcome.failed };
  const more = await flush(app, deliver, options, rounds - 1);
  return { sent: outcome.sent + more.sent, failed: outcome.failed + more.failed };
}
