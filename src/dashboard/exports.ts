import { z } from 'zod';
import type { App } from '../app.ts';
import type { SurveyRules } from '../surveys/answers.ts';
import type { Cell } from '../domain/csv.ts';
import { keysetRows } from '../db/pages.ts';
import { csvStream } from '../http/csv.ts';
import { formatCardNumber } from '../loyalty/card.ts';
import { surveyCsv, surveyExports, type SurveyExport } from '../surveys/exports.ts';
import { withinDays, type Days } from '../surveys/queries.ts';

/** The owner's CSV downloads, read in keyset pages and streamed; a period is the shop's days, both ends included. */
export const exportKinds = [...surveyExports, 'subscribers', 'card-events'] as const;
export type ExportKind = (typeof exportKinds)[number];

const isSurveyExport = (kind: ExportKind): kind is SurveyExport => (surveyExports as readonly string[]).includes(kind);

/**
 * One export as a CSV stream.
 * @example new Response(exportCsv(app, 'subscribers', surveys, { from: '2026-01-01', tz: 'Europe/Madrid' }))
 */
export function exportCsv(app: App, kind: ExportKind, surveys: ReadonlyMap<string, SurveyRules>, days: Days): ReadableStream<Uint8Array> {
  if (isSurveyExport(kind)) return surveyCsv(app, kind, surveys, days);
  return csvStream(kind === 'subscribers' ? subscriberRows(app, days) : cardEventRows(app, days));
}

const local = (column: string) => `to_char(${column} AT TIME ZONE $5, 'YYYY-MM-DD HH24:MI')`;

const subscriberRow = z.object({
  email: z.string(), status: z.string(), locale: z.string(), source: z.string(),
  subscribed_at: z.string(), confirmed_at: z.string().nullable(), unsubscribed_at: z.string().nullable(), at: z.coerce.date(),
});

/** Every subscriber in any state who signed up within the period, oldest first. */
export async function* subscriberRows(app: Pick<App, 'db'>, range: Days): AsyncGenerator<Cell[]> {
  yield ['email', 'status', 'language', 'source', 'subscribed_at', 'confirmed_at', 'unsubscribed_at'];
  const sql = `
    SELECT email, status, locale, source, ${local('subscribed_at')} AS subscribed_at, ${local('confirmed_at')} AS confirmed_at,
      ${local('unsubscribed_at')} AS unsubscribed_at, subscribed_at AS at
    FROM subscribers
    WHERE ($1::timestamptz IS NULL OR (subscribed_at, email) > ($1, $2)) AND ${withinDays('subscribed_at', 3, 4, 5)}
    ORDER BY subscribed_at, email LIMIT $6`;
  for await (const s of keysetRows(app.db, subscriberRow, sql, [range.from ?? null, range.to ?? null, range.tz], (row) => [row.at, row.email])) {
    yield [s.email, s.status, s.locale, s.source, s.subscribed_at, s.confirmed_at, s.unsubscribed_at];
  }
}

const eventRow = z.object({ id: z.coerce.number(), card_id: z.string(), type: z.string(), local_at: z.string(), registered_to: z.string().nullable(), at: z.coerce.date() });

/** Every stamp and redemption within the period, oldest first, with the card's registered name if any. */
export async function* cardEventRows(app: Pick<App, 'db'>, range: Days): AsyncGenerator<Cell[]> {
  yield ['card', 'type', 'at', 'registered_to'];
  const sql = `
    SELECT e.id, e.card_id, e.type, ${local('e.at')} AS local_at, r.name AS registered_to, e.at
    FROM card_events e LEFT JOIN card_registrations r ON r.card_id = e.card_id
    WHERE ($1::timestamptz IS NULL OR (e.at, e.id) > ($1, $2::bigint)) AND ${withinDays('e.at', 3, 4, 5)}
    ORDER BY e.at, e.id LIMIT $6`;
  for await (const e of keysetRows(app.db, eventRow, sql, [range.from ?? null, range.to ?? null, range.tz], (row) => [row.at, row.id])) {
    yield [formatCardNumber(e.card_id), e.type, e.local_at, e.registered_to];
  }
}
