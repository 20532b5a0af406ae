import { z } from 'zod';
import type { App } from '../app.ts';
import { shardNames, shardOf } from '../domain/newsletter.ts';
import { pseudonym } from '../domain/signing.ts';
import { defineDoc, type Doc } from '../store/store.ts';

/**
 * Addresses the shop must never email again: a hard bounce or a spam complaint
 * reported by Resend. Every sender (newsletter, win-back, birthdays, imports)
 * checks this list. Entries are keyed by a keyed hash of the address, so an
 * erasure can drop the address and still keep the person from being mailed.
 *
 *   newsletter/suppressions/{0-f}   { items: { [hash]: Suppression } }
 */

export const suppressionReasons = ['bounced', 'complained'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

export const suppressionSchema = z.object({
  /** Dropped on erasure; the key (a keyed hash) stays. */
  email: z.string().optional(),
  reason: z.enum(suppressionReasons),
  at: z.iso.datetime(),
  /** The provider's words (bounce type and message), for the owner. */
  detail: z.string().max(500).optional(),
  /** The newsletter issue that bounced or was reported, when known. */
  issue: z.string().optional(),
});
export type Suppression = z.infer<typeof suppressionSchema>;

const suppressionShard = (shard: string): Doc<{ items: Record<string, Suppression> }> =>
  defineDoc(`newsletter/suppressions/${shard}`, z.object({ items: z.record(z.string(), suppressionSchema) }), () => ({ items: {} }));

const keyOf = (app: Pick<App, 'secret'>, email: string) => pseudonym(app.secret('SESSION_SECRET'), `suppressed:${email}`);

/**
 * Suppresses a normalised address at once; the first reason stays. Returns true when it was new.
 * @example await suppress(app, 'ana@example.com', { reason: 'bounced', detail: 'Permanent: mailbox does not exist' })
 */
export async function suppress(app: App, email: string, entry: Omit<Suppression, 'email' | 'at'>): Promise<boolean> {
  const key = keyOf(app, email);
  return app.store.update(suppressionShard(shardOf(email)), (draft) => {
    if (draft.items[key]) return false;
    draft.items[key] = { email, at: app.now().toISOString(), ...entry };
    return true;
  });
}

/** The suppression of one normalised address, if any (privacy exports, imports). */
export async function suppressionOf(app: App, email: string): Promise<Suppression | undefined> {
  return (await app.store.read(suppressionShard(shardOf(email)))).items[keyOf(app, email)];
}

/** Every suppression, newest first, with its address when still known. */
export async function listSuppressions(app: Pick<App, 'store'>): Promise<Suppression[]> {
  const docs = await Promise.all(shardNames.map((shard) => app.store.read(suppressionShard(shard))));
  return docs.flatMap((doc) => Object.values(doc.items)).sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * A test for "is this normalised address suppressed?", reading the list once:
 * for senders that go through many addresses.
 * @example const isSuppressed = await suppressionCheck(app); recipients.filter((r) => !isSuppressed(r.email))
 */
export async function suppressionCheck(app: Pick<App, 'store' | 'secret'>): Promise<(email: string) => boolean> {
  const docs = await Promise.all(shardNames.map((shard) => app.store.read(suppressionShard(shard))));
  const keys = new Set(docs.flatMap((doc) => Object.keys(doc.items)));
  return (email) => keys.size > 0 && keys.has(keyOf(app, email));
}

/**
 * On erasure: the address leaves the list (with the provider's words, which may
 * quote it), its keyed hash stays, so the person is still never mailed.
 * Returns 1 if an address was dropped.
 */
export async function forgetSuppressedAddress(app: App, email: string): Promise<number> {
  const key = keyOf(app, email);
  return app.store.update(suppressionShard(shardOf(email)), (draft) => {
    const entry = draft.items[key];
    if (!entry?.email) return 0;
    delete entry.email;
    delete entry.detail;
    return 1;
  });
}
