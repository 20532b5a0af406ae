import { z } from 'zod';
import type { App } from '../app.ts';
import { formatCardNumber } from '../domain/card.ts';
import type { Cell } from '../domain/csv.ts';
import { keysetRows } from '../db/pages.ts';

/**
 * The owner's CSV exports of subscribers and card activity (src/domain/csv.ts for the format), read in
 * keyset pages; a period is a range of the shop's days (`from` inclusive, `to` exclusive, in `timeZone`).
 */
export interface ExportPeriod {
  /** First day, yyyy-mm-dd, in the shop's time zone. */
  from?: string;
  /** Day after the last, yyyy-mm-dd. */
  to?: string;
  timeZone: string;
}

const period = (column: string) =>
  `($3::date IS NULL OR ${column} >= ($3::date)::timestamp AT TIME ZONE $5) AND ($4::date IS NULL OR ${column} < ($4::date)::timestamp AT TIME ZONE $5)`;
const local = (column: string) => `to_char(${column} AT TIME ZONE $5, 'YYYY-MM-DD HH24:MI')`;

const subscriberRow = z.object({
  email: z.string(), status: z.string(), locale: z.string(), source: z.string(),
  subscribed_at: z.string(), confirmed_at: z.string().nullable(), unsubscribed_at: z.string().nullable(), at: z.coerce.date(),
});

/** Every subscriber in any state who signed up within the period, oldest first. */
export async function* subscriberRows(app: Pick<App, 'db'>, range: ExportPeriod): AsyncGenerator<Cell[]> {
  yield ['email', 'status', 'language', 'source', 'subscribed_at', 'confirmed_at', 'unsubscribed_at'];
  const sql = `
    SELECT email, status, locale, source, ${local('subscribed_at')} AS subscribed_at, ${local('confirmed_at')} AS confirmed_at,
      ${local('unsubscribed_at')} AS unsubscribed_at, subscribed_at AS at
    FROM subscribers
    WHERE ($1::timestamptz IS NULL OR (subscribed_at, email) > ($1, $2)) AND ${period('subscribed_at')}
    ORDER BY subscribed_at, email LIMIT $6`;
  for await (const s of keysetRows(app.db, subscriberRow, sql, [range.from ?? null, range.to ?? null, range.timeZone], (row) => [row.at, row.email])) {
    yield [s.email, s.status, s.locale, s.source, s.subscribed_at, s.confirmed_at, s.unsubscribed_at];
  }
}

const eventRow = z.object({ id: z.coerce.number(), card_id: z.string(), type: z.string(), local_at: z.string(), registered_to: z.string().nullable(), at: z.coerce.date() });

/** Every stamp and redemption within the period, oldest first, with the card's registered name if any. */
export async function* cardEventRows(app: Pick<App, 'db'>, range: ExportPeriod): AsyncGenerator<Cell[]> {
  yield ['card', 'type', 'at', 'registered_to'];
  const sql = `
    SELECT e.id, e.card_id, e.type, ${local('e.at')} AS local_at, r.name AS registered_to, e.at
    FROM card_events e LEFT JOIN card_registrations r ON r.card_id = e.card_id
    WHERE ($1::timestamptz IS NULL OR (e.at, e.id) > ($1, $2::bigint)) AND ${period('e.at')}
    ORDER BY e.at, e.id LIMIT $6`;
  for await (const e of keysetRows(app.db, eventRow, sql, [range.from ?? null, range.to ?? null, range.timeZone], (row) => [row.at, row.id])) {
    yield [formatCardNumber(e.card_id), e.type, e.local_at, e.registered_to];
  }
}
