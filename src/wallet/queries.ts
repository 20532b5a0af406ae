import { z } from 'zod';
import { firstRow, rows, type Db } from '../db/db.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import type { WalletName } from './credentials.ts';

/**
 * The SQL of the wallets (tables in netlify/database/migrations/0004_wallet.sql): the owner's sealed keys,
 * the passes customers added, the Apple devices registered for updates, and the updates still to deliver.
 */

const wallet = z.enum(['apple', 'google']);

// ── The owner's keys ────────────────────────────────────────────────────────────────────────────────

const keyRow = z.object({ wallet, summary: z.record(z.string(), z.string()), sealed: z.string(), uploaded_at: z.coerce.date() });
export type WalletKeyRow = z.infer<typeof keyRow>;

/** @example await walletKeys(app.db) → [{ wallet: 'apple', summary: { passTypeId, … }, sealed: 'v1.…', uploaded_at }] */
export function walletKeys(db: Db): Promise<WalletKeyRow[]> {
  return rows(db, keyRow, 'SELECT wallet, summary, sealed, uploaded_at FROM wallet_keys');
}

// One wallet's keys, in place of any earlier ones.
const saveKeysSql = `
  INSERT INTO wallet_keys (wallet, summary, sealed, uploaded_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (wallet) DO UPDATE SET summary = EXCLUDED.summary, sealed = EXCLUDED.sealed, uploaded_at = EXCLUDED.uploaded_at`;

export async function saveWalletKeys(db: Db, name: WalletName, summary: Record<string, string>, sealed: string, uploadedAt: Date): Promise<void> {
  await db.query(saveKeysSql, [name, JSON.stringify(summary), sealed, uploadedAt]);
}

export async function removeWalletKeys(db: Db, name: WalletName): Promise<void> {
  await db.query('DELETE FROM wallet_keys WHERE wallet = $1', [name]);
}

// ── Passes and Apple devices ────────────────────────────────────────────────────────────────────────
// A printed card has no row in `cards` until it is first used: the statements that add a pass or a device
// create it (origin 'printed') in the same statement, and leave an existing card as it is.

// A pass added (downloaded, or Google's save link opened) in a language: the language of that wallet's pass.
const addPassSql = `
  WITH card AS (
    INSERT INTO cards (id, origin, created_at) VALUES ($1, 'printed', $4) ON CONFLICT (id) DO NOTHING
  )
  INSERT INTO wallet_passes (card_id, wallet, locale, added_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (card_id, wallet) DO UPDATE SET locale = EXCLUDED.locale`;

/** Records that the card was added to a wallet in `locale` (a download of the pass, or the Google save link). */
export async function addPass(db: Db, cardId: string, name: WalletName, locale: Locale, now: Date): Promise<void> {
  await db.query(addPassSql, [cardId, name, locale, now]);
}

/** The language a card's pass in `name` was added in. @example await passLanguage(app.db, 'K7M2Q9XA', 'apple') → 'es' */
export async function passLanguage(db: Db, cardId: string, name: WalletName): Promise<Locale | undefined> {
  const row = await firstRow(db, z.object({ locale: z.enum(locales) }), 'SELECT locale FROM wallet_passes WHERE card_id = $1 AND wallet = $2', [cardId, name]);
  return row?.locale;
}

// A device registers for a card's updates; a known device's new push token replaces the old one.
// `created` is true only for a new registration (xmax = 0: the row was inserted, not updated).
const registerDeviceSql = `
  WITH card AS (
    INSERT INTO cards (id, origin, created_at) VALUES ($2, 'printed', $4) ON CONFLICT (id) DO NOTHING
  )
  INSERT INTO wallet_devices AS d (device_id, card_id, push_token, registered_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (device_id, card_id) DO UPDATE SET push_token = EXCLUDED.push_token
  RETURNING (xmax = 0) AS created`;

/** A device registers for a card's updates: 'created' the first time, else 'exists'. @example await registerDevice(app.db, 'a1b2c3d4', 'K7M2Q9XA', 'token…', now) → 'created' */
export async function registerDevice(db: Db, device: string, cardId: string, pushToken: string, now: Date): Promise<'created' | 'exists'> {
  const row = await firstRow(db, z.object({ created: z.boolean() }), registerDeviceSql, [device, cardId, pushToken, now]);
  return row?.created ? 'created' : 'exists';
}

/** Whether the device was registered for the card. @example await unregisterDevice(app.db, 'a1b2c3d4', 'K7M2Q9XA') → true */
export async function unregisterDevice(db: Db, device: string, cardId: string): Promise<boolean> {
  return (await db.query('DELETE FROM wallet_devices WHERE device_id = $1 AND card_id = $2 RETURNING 1', [device, cardId])).length > 0;
}

/** @example await pushToken(app.db, 'a1b2c3d4', 'K7M2Q9XA') → 'token…' or undefined */
export async function pushToken(db: Db, device: string, cardId: string): Promise<string | undefined> {
  const row = await firstRow(db, z.object({ push_token: z.string() }), 'SELECT push_token FROM wallet_devices WHERE device_id = $1 AND card_id = $2', [device, cardId]);
  return row?.push_token;
}

/** The cards a device registered for (Apple's serial numbers), oldest first. @example await deviceCards(app.db, 'a1b2c3d4') → ['K7M2Q9XA'] */
export async function deviceCards(db: Db, device: string): Promise<string[]> {
  const found = await rows(db, z.object({ card_id: z.string() }), 'SELECT card_id FROM wallet_devices WHERE device_id = $1 ORDER BY registered_at, card_id', [device]);
  return found.map((row) => row.card_id);
}

// Cards with at least one Apple device registered, and cards saved to Google Wallet.
const installsSql = `
  SELECT (SELECT count(DISTINCT card_id)::int FROM wallet_devices) AS apple,
         (SELECT count(*)::int FROM wallet_passes WHERE wallet = 'google') AS google`;

/** @example await installs(app.db) → { apple: 12, google: 7 } */
export async function installs(db: Db): Promise<Record<WalletName, number>> {
  return (await firstRow(db, z.object({ apple: z.number(), google: z.number() }), installsSql))!;
}

/** Every card held by a wallet (with an Apple device registered, or saved to Google): the loyalty page splits them by origin. */
export async function cardsInWallets(db: Db): Promise<Set<string>> {
  const sql = `SELECT card_id FROM wallet_devices UNION SELECT card_id FROM wallet_passes WHERE wallet = 'google'`;
  return new Set((await rows(db, z.object({ card_id: z.string() }), sql)).map((row) => row.card_id));
}

// ── Updates to deliver (the outbox) ─────────────────────────────────────────────────────────────────
// One pending row per wallet, card and target (the partial unique index wallet_updates_pending); a delivered
// row stays, so the counts of deliveries are a query; a row that failed MAX_ATTEMPTS times is kept, given up.

const pendingConflict = `ON CONFLICT (wallet, card_id, target) WHERE delivered_at IS NULL AND NOT gave_up`;

// After a card changed: one update per Apple device registered for it and for its Google object, due now. A
// target already waiting is made due now; one being sent (claimed) is marked `again`, to be sent once more.
const queueUpdatesSql = `
  INSERT INTO wallet_updates AS u (wallet, card_id, target, created_at, next_attempt_at)
  SELECT 'apple', card_id, device_id, $2::timestamptz, $2::timestamptz FROM wallet_devices WHERE card_id = $1 AND $3::boolean
  UNION ALL
  SELECT 'google', card_id, 'object', $2::timestamptz, $2::timestamptz FROM wallet_passes WHERE card_id = $1 AND wallet = 'google' AND $4::boolean
  ${pendingConflict} DO UPDATE SET
    again = u.again OR coalesce(u.claimed_until > EXCLUDED.created_at, false),
    next_attempt_at = CASE WHEN u.claimed_until > EXCLUDED.created_at THEN u.next_attempt_at ELSE EXCLUDED.next_attempt_at END`;

export async function queueUpdates(db: Db, cardId: string, wallets: Record<WalletName, boolean>, now: Date): Promise<void> {
  await db.query(queueUpdatesSql, [cardId, now, wallets.apple, wallets.google]);
}

const updateRow = z.object({
  id: z.coerce.number(),
  wallet,
  card_id: z.string(),
  target: z.string(),
  attempts: z.number(),
  next_attempt_at: z.coerce.date(),
  last_error: z.string().nullable(),
  last_attempt_at: z.coerce.date().nullable(),
  gave_up: z.boolean(),
});

/** A wallet update waiting to be delivered, being delivered, or given up. */
export interface WalletUpdate {
  id: number;
  wallet: WalletName;
  card: string;
  /** Apple: the device to push to; Google: "object". */
  target: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | undefined;
  lastAttemptAt: Date | undefined;
  /** Failed MAX_ATTEMPTS times: kept for the owner to see, not tried again. */
  gaveUp: boolean;
}

const toUpdate = (row: z.infer<typeof updateRow>): WalletUpdate => ({
  id: row.id,
  wallet: row.wallet,
  card: row.card_id,
  target: row.target,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error ?? undefined,
  lastAttemptAt: row.last_attempt_at ?? undefined,
  gaveUp: row.gave_up,
});

const columns = 'id, wallet, card_id, target, attempts, next_attempt_at, last_error, last_attempt_at, gave_up';

// Claims what is due and not being sent, oldest first, until $2: one UPDATE whose WHERE Postgres checks again on
// the newest row, so two flushes at once never claim one update twice (SKIP LOCKED leaves rows another is claiming).
// A claim lets the sender change `again` afresh: a change from now on is sent after this delivery.
const claimDueSql = `
  UPDATE wallet_updates SET claimed_until = $2, again = false
  WHERE id IN (
      SELECT id FROM wallet_updates
      WHERE delivered_at IS NULL AND NOT gave_up AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
    AND delivered_at IS NULL AND NOT gave_up AND (claimed_until IS NULL OR claimed_until < $1)
  RETURNING ${columns}`;

/** @example await claimDue(app.db, now, new Date(now.getTime() + 60_000), 10) → the updates to send now */
export async function claimDue(db: Db, now: Date, until: Date, limit: number): Promise<WalletUpdate[]> {
  return (await rows(db, updateRow, claimDueSql, [now, until, limit])).map(toUpdate);
}

// Delivered: the row stays as a delivery. If the card changed while it was on its way (`again`), the same
// statement queues the update once more, due now; `again` says so.
const deliveredSql = `
  WITH done AS (
    UPDATE wallet_updates SET delivered_at = $2, last_attempt_at = $2, claimed_until = NULL WHERE id = $1 RETURNING wallet, card_id, target, again
  ), queued AS (
    INSERT INTO wallet_updates (wallet, card_id, target, created_at, next_attempt_at)
    SELECT wallet, card_id, target, $2, $2 FROM done WHERE again
    ${pendingConflict} DO UPDATE SET next_attempt_at = EXCLUDED.next_attempt_at
    RETURNING 1
  )
  SELECT EXISTS (SELECT FROM queued) AS again`;

/** @example await recordDelivered(app.db, update.id, now) → true when the card changed meanwhile (send again) */
export async function recordDelivered(db: Db, id: number, now: Date): Promise<boolean> {
  return (await firstRow(db, z.object({ again: z.boolean() }), deliveredSql, [id, now]))?.again ?? false;
}

// A failed attempt: counted, with its error and when to try again; given up after the last attempt.
const failedSql = `
  UPDATE wallet_updates SET attempts = attempts + 1, last_error = $3, last_attempt_at = $2, next_attempt_at = $4,
    gave_up = attempts + 1 >= $5, claimed_until = NULL
  WHERE id = $1`;

export async function recordFailed(db: Db, id: number, now: Date, error: string, retryAt: Date, maxAttempts: number): Promise<void> {
  await db.query(failedSql, [id, now, error, retryAt, maxAttempts]);
}

/** An update whose target is gone (the device unregistered, the wallet switched off): forgotten. */
export async function forgetUpdate(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM wallet_updates WHERE id = $1', [id]);
}

// Updates sent, per wallet.
const deliveredCountsSql = `
  SELECT count(*) FILTER (WHERE wallet = 'apple')::int AS apple, count(*) FILTER (WHERE wallet = 'google')::int AS google
  FROM wallet_updates WHERE delivered_at IS NOT NULL`;

/** @example await deliveredCounts(app.db) → { apple: 40, google: 12 } */
export async function deliveredCounts(db: Db): Promise<Record<WalletName, number>> {
  return (await firstRow(db, z.object({ apple: z.number(), google: z.number() }), deliveredCountsSql))!;
}

// What the owner sees of the trouble: updates that failed at least once and were not delivered since, those
// still tried first, at most $1.
const troubledSql = `
  SELECT ${columns} FROM wallet_updates WHERE delivered_at IS NULL AND attempts > 0
  ORDER BY gave_up, next_attempt_at, id LIMIT $1`;

export async function troubledUpdates(db: Db, limit: number): Promise<WalletUpdate[]> {
  return (await rows(db, updateRow, troubledSql, [limit])).map(toUpdate);
}
