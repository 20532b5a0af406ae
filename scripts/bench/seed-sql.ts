import type { Db } from '../../src/db/db.ts';

/**
 * A shop of a given size seeded straight into the database with `generate_series`, a statement per table
 * (100k responses in seconds): `responses` survey answers over two years before `now` (one in ten a
 * complaint with its follow-up, one in five leaving an address, one in fifty of those clicking the review
 * link), a card per ten responses with ten stamps each spread from its first use to now (half redeemed once,
 * half registered), a subscriber per two responses (most confirmed, some pending or gone) and this month's
 * issue sent to the confirmed ones with the provider's events. Addresses `customer{n}@example.com` overlap
 * across the sources, as one customer answers, registers a card and subscribes.
 * At 100k: 10k cards, 100k stamps, 50k subscribers.
 * @example await seedShop(db, 100_000, new Date(), '2026-11')
 */
export async function seedShop(db: Db, responses: number, now: Date, issue: string): Promise<void> {
  const cards = Math.max(1, Math.round(responses / 10));
  const subscribers = Math.max(1, Math.round(responses / 2));
  const span = "interval '730 days'";
  // One statement per table, each with its own parameters ($1 is always now).
  const statements: [string, unknown[]][] = [
    [
      `INSERT INTO responses (survey, locale, location, answers, submitted_at, complaint, contact_name, contact_email, idempotency_key)
       SELECT 'feedback', CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END, (ARRAY['counter', 'tables', 'receipt', NULL])[1 + i % 4],
              jsonb_build_object('overall', CASE WHEN i % 10 = 0 THEN 1 + i % 2 ELSE 3 + i % 3 END, 'quality', 1 + i % 5, 'nps', CASE WHEN i % 10 = 0 THEN i % 7 ELSE 6 + (i / 10) % 5 END),
              $1::timestamptz - ${span} * i / $2::int, i % 10 = 0,
              CASE WHEN i % 5 = 0 THEN 'Customer ' || i END, CASE WHEN i % 5 = 0 THEN 'customer' || (i * 7919 % ($2::int / 2)) || '@example.com' END, 'seed-' || i
       FROM generate_series(1, $2::int) AS i`,
      [now, responses],
    ],
    [
      `INSERT INTO followups (response_id, reasons, status, created_at, contacted_at, resolved_at)
       SELECT id, jsonb_build_array(jsonb_build_object('kind', 'nps', 'question', 'nps', 'score', answers -> 'nps')), (ARRAY['open', 'contacted', 'resolved'])[1 + n % 3], submitted_at,
              CASE WHEN n % 3 > 0 THEN submitted_at + interval '1 hour' * (1 + n % 72) END,
              CASE WHEN n % 3 = 2 THEN submitted_at + interval '4 days' END
       FROM (SELECT id, answers, submitted_at, row_number() OVER (ORDER BY submitted_at) AS n FROM responses WHERE complaint) AS complaint`,
      [],
    ],
    [
      `INSERT INTO review_clicks (at, response_id, location)
       SELECT submitted_at + interval '1 minute', id, location
       FROM (SELECT id, submitted_at, location, row_number() OVER (ORDER BY submitted_at) AS n FROM responses WHERE contact_email IS NOT NULL AND NOT complaint) AS contact
       WHERE n % 50 = 0`,
      [],
    ],
    [
      `INSERT INTO cards (id, origin, created_at)
       SELECT 'C' || lpad(k::text, 7, '0'), CASE WHEN k % 5 = 0 THEN 'digital' ELSE 'printed' END, $1::timestamptz - ${span} * k / $2::int
       FROM generate_series(1, $2::int) AS k`,
      [now, cards],
    ],
    [
      `INSERT INTO card_events (card_id, type, seq, at, idempotency_key)
       SELECT id, 'stamp', j, created_at + ($1::timestamptz - created_at) * j / 11, 'stamp-' || j
       FROM cards, generate_series(1, 10) AS j`,
      [now],
    ],
    [
      `INSERT INTO card_events (card_id, type, seq, at, idempotency_key)
       SELECT id, 'redeem', 1, created_at + ($1::timestamptz - created_at) * 10.5 / 11, 'redeem-1'
       FROM cards WHERE right(id, 1) IN ('0', '2', '4', '6', '8')`,
      [now],
    ],
    [
      `INSERT INTO card_registrations (card_id, name, email, birthday_day, birthday_month, locale, newsletter, registered_at, updated_at)
       SELECT id, 'Customer ' || k, 'customer' || (k * 13 % $2::int) || '@example.com', 1 + k % 28, 1 + k % 12, 'en', k % 3 = 0,
              created_at + ($1::timestamptz - created_at) * 2 / 11, created_at + ($1::timestamptz - created_at) * 2 / 11
       FROM (SELECT id, created_at, substr(id, 2)::int AS k FROM cards) AS card WHERE k % 2 = 1`,
      [now, subscribers],
    ],
    [
      `INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, unsubscribed_at, updated_at)
       SELECT 'customer' || n || '@example.com',
              CASE WHEN n % 10 < 7 THEN 'confirmed' WHEN n % 10 < 9 THEN 'pending' ELSE 'unsubscribed' END,
              CASE WHEN n % 3 = 0 THEN 'es' ELSE 'en' END, 'footer', at,
              CASE WHEN n % 10 < 7 OR n % 10 = 9 THEN at + interval '1 hour' END,
              CASE WHEN n % 10 = 9 THEN at + interval '30 days' END,
              CASE WHEN n % 10 = 9 THEN at + interval '30 days' WHEN n % 10 < 7 THEN at + interval '1 hour' ELSE at END
       FROM (SELECT n, $1::timestamptz - ${span} * n / $2::int - interval '31 days' AS at FROM generate_series(0, $2::int - 1) AS n) AS subscriber`,
      [now, subscribers],
    ],
    [
      `INSERT INTO newsletter_sends (issue, email, locale, status, batch_key, claimed_at, sent_at, provider_id)
       SELECT $2::text, email, locale, 'sent', $2::text || '-' || (n / 100), $1, $1, 'msg-' || n
       FROM (SELECT email, locale, row_number() OVER (ORDER BY email) AS n FROM subscribers WHERE status = 'confirmed') AS confirmed`,
      [now, issue],
    ],
    [
      `INSERT INTO email_events (provider_id, event, at)
       SELECT provider_id, event, $1 FROM newsletter_sends, unnest(ARRAY['delivered', 'opened', 'clicked']) AS event
       WHERE issue = $2 AND (event = 'delivered' OR (event = 'opened' AND right(provider_id, 1) IN ('1', '2', '3', '4')) OR (event = 'clicked' AND right(provider_id, 1) = '5'))`,
      [now, issue],
    ],
  ];
  for (const [text, params] of statements) await db.query(text, params);
  await db.query('ANALYZE');
}
