import type { Db } from '../../src/db/db.ts';
import type { Locale } from '../../src/i18n/locales.ts';

/**
 * Seeds the newsletter's tests write straight into the tables: subscribers in bulk, and card holders in the
 * loyalty tables (which the newsletter only reads), without going through either feature's use cases.
 */

/**
 * Adds `count` subscribers `${prefix}0@example.com`… in one statement, every third one Spanish; returns their addresses.
 * @example const emails = await addSubscribers(app.db, 250, { status: 'confirmed' })
 */
export async function addSubscribers(db: Db, count: number, options: { status?: 'pending' | 'confirmed' | 'unsubscribed'; prefix?: string; at?: string } = {}): Promise<string[]> {
  const { status = 'confirmed', prefix = 'reader', at = '2026-10-01T10:00:00Z' } = options;
  const rows = await db.query(
    `INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, unsubscribed_at, updated_at)
     SELECT $1 || i || '@example.com', $2, CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END, 'footer', $3,
            CASE WHEN $2 <> 'pending' THEN $3::timestamptz END, CASE WHEN $2 = 'unsubscribed' THEN $3::timestamptz END, $3
     FROM generate_series(0, $4 - 1) AS i
     RETURNING email`,
    [prefix, status, at, count],
  );
  return rows.map((row) => String(row.email)).sort((a, b) => Number(/\d+/.exec(a)) - Number(/\d+/.exec(b)));
}

/**
 * A registered card holder, with the stamps on their card.
 * @example await addCardHolder(app.db, { card: 'c1', email: 'ana@example.com', registeredAt: '2026-01-10T10:00:00Z', stamps: ['2026-09-01T10:00:00Z'] })
 */
export async function addCardHolder(db: Db, holder: { card: string; email: string; name?: string; locale?: Locale; registeredAt: string; stamps?: string[] }): Promise<void> {
  const { card, email, name = email.split('@')[0]!, locale = 'en', registeredAt, stamps = [] } = holder;
  await db.query(`INSERT INTO cards (id, origin, locale, created_at) VALUES ($1, 'printed', NULL, $2)`, [card, registeredAt]);
  await db.query(
    `INSERT INTO card_registrations (card_id, name, email, locale, newsletter, registered_at, updated_at) VALUES ($1, $2, $3, $4, true, $5, $5)`,
    [card, name, email, locale, registeredAt],
  );
  for (const [i, at] of stamps.entries()) {
    await db.query(`INSERT INTO card_events (card_id, type, seq, at, idempotency_key) VALUES ($1, 'stamp', $2, $3, $4)`, [card, i + 1, at, `stamp-${card}-${i + 1}`]);
  }
}

/** Suppresses an address (the first reason stays): true when it was new. @example await suppress(db, 'ana@x.com', 'bounced', now) */
export async function suppress(db: Db, email: string, reason: 'bounced' | 'complained', at: Date, more: { detail?: string; issue?: string } = {}): Promise<boolean> {
  const written = await db.query('INSERT INTO suppressions (email, reason, at, detail, issue) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (email) DO NOTHING RETURNING email', [email, reason, at, more.detail ?? null, more.issue ?? null]);
  return written.length > 0;
}

/** Every approval and withdrawal of an issue, oldest first. */
export async function approvalHistory(db: Db, issue: string): Promise<{ action: string; by: string }[]> {
  return (await db.query('SELECT action, by FROM newsletter_approval_history WHERE issue = $1 ORDER BY at, id', [issue])).map((row) => ({ action: String(row.action), by: String(row.by) }));
}
