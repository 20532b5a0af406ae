import { afterEach, describe, expect, test } from 'vitest';
import { cardEventRows, subscriberRows } from '../../src/dashboard/exports.ts';
import { PAGE_ROWS } from '../../src/db/pages.ts';
import { engines } from '../support/db.ts';
import { testApp } from '../support/temp.ts';

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe.each(engines)('CSV exports on %s', (engine) => {
  let made: Awaited<ReturnType<typeof testApp>>;
  afterEach(() => made.app.db.close());

  test('subscriberRows(): every subscriber once, across pages, in the shop’s days and clock', async () => {
    made = await testApp({}, engine);
    const { db } = made.app;
    // 2,500 sign-ups an hour apart from 2026-03-01 00:00 UTC, several with the same time (ties break by address).
    await db.query(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, updated_at)
      SELECT 'p' || i || '@x.com', 'confirmed', 'es', 'footer', '2026-03-01T00:00:00Z'::timestamptz + (i / 2) * interval '1 hour', now()
      FROM generate_series(1, ${PAGE_ROWS * 2 + 500}) i`);
    const rows = await all(subscriberRows(made.app, { tz: 'Europe/Madrid' }));
    expect(rows[0]).toEqual(['email', 'status', 'language', 'source', 'subscribed_at', 'confirmed_at', 'unsubscribed_at']);
    expect(new Set(rows.slice(1).map((row) => row[0])).size).toBe(PAGE_ROWS * 2 + 500);
    // 23:30 UTC on 31 March is 1 April in Madrid: a range of April's first day holds it, March's last does not.
    await db.query(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, updated_at) VALUES ('late@x.com', 'pending', 'en', 'footer', '2026-03-31T23:30:00Z', now())`);
    const april1 = await all(subscriberRows(made.app, { from: '2026-04-01', to: '2026-04-01', tz: 'Europe/Madrid' }));
    expect(april1.map((row) => row[0])).toContain('late@x.com');
    expect(april1.find((row) => row[0] === 'late@x.com')?.[4]).toBe('2026-04-01 01:30');
    const march31 = await all(subscriberRows(made.app, { from: '2026-03-31', to: '2026-03-31', tz: 'Europe/Madrid' }));
    expect(march31.map((row) => row[0])).not.toContain('late@x.com');
  });

  test('cardEventRows(): stamps and redemptions with the registered name, oldest first', async () => {
    made = await testApp({}, engine);
    const { db } = made.app;
    await db.query(`INSERT INTO cards (id, origin, created_at) VALUES ('K7M2Q9XA', 'printed', now()), ('K7M2Q9XB', 'printed', now())`);
    await db.query(`INSERT INTO card_registrations (card_id, name, email, locale, newsletter, registered_at, updated_at) VALUES ('K7M2Q9XA', 'Ana', 'ana@x.com', 'es', false, now(), now())`);
    await db.query(`INSERT INTO card_events (card_id, type, seq, at, idempotency_key)
      SELECT CASE WHEN i % 2 = 0 THEN 'K7M2Q9XA' ELSE 'K7M2Q9XB' END, 'stamp', (i + 1) / 2 + i % 2, '2026-11-01T09:00:00Z'::timestamptz + i * interval '1 minute', 'key-' || lpad(i::text, 6, '0')
      FROM generate_series(1, 1200) i`);
    const rows = await all(cardEventRows(made.app, { tz: 'Europe/Madrid' }));
    expect(rows).toHaveLength(1201);
    expect(rows[1]).toEqual(['K7M2 Q9XB', 'stamp', '2026-11-01 10:01', null]);
    expect(rows[2]).toEqual(['K7M2 Q9XA', 'stamp', '2026-11-01 10:02', 'Ana']);
  });
});
