import type { App } from '../app.ts';
import { formatCardNumber } from '../domain/card.ts';
import type { Cell } from '../domain/csv.ts';
import { surveyExports } from '../surveys/exports.ts';
import { csvStream } from '../http/csv.ts';
import { cardEvents, listRegistrations } from './cards.ts';
import { listSubscribers } from './newsletter-store.ts';
import type { Period } from './records.ts';
import { firstMonth, monthsBetween } from './rollup-months.ts';

/**
 * The owner's CSV exports (see src/domain/csv.ts for the format): one row per
 * subscriber or card event, every stored field that is useful in a
 * spreadsheet, nothing secret (no idempotency keys). Each is a stream read a
 * month at a time, optionally cut to a period, so memory stays flat however
 * long the history. The survey CSVs are src/surveys/exports.ts.
 */

export const exportKinds = [...surveyExports, 'subscribers', 'card-events'] as const;
export type ExportKind = (typeof exportKinds)[number];

/** The months of a period, each as a period of its own; an open start begins at the first month stored under `prefixes`. */
async function monthly(app: App, prefixes: readonly string[], period: Period): Promise<Period[]> {
  const first = period.from ? undefined : await firstMonth(app, prefixes);
  const from = period.from ?? (first ? new Date(`${first}-01T00:00:00Z`) : undefined);
  const to = period.to ?? new Date(app.now().getTime() + 1);
  if (!from) return [];
  return monthsBetween(from, to).map((month) => {
    const start = new Date(`${month}-01T00:00:00Z`);
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    return { from: start < from ? from : start, to: end > to ? to : end };
  });
}

/** Every subscriber in any state (signed up within the period, when one is given). */
async function* subscriberRows(app: App, { from, to }: Period): AsyncGenerator<Cell[]> {
  yield ['email', 'status', 'language', 'source', 'subscribed_at', 'confirmed_at', 'unsubscribed_at'];
  for (const s of await listSubscribers(app)) {
    if ((from && s.subscribedAt < from.toISOString()) || (to && s.subscribedAt >= to.toISOString())) continue;
    yield [s.email, s.status, s.locale, s.source, s.subscribedAt, s.confirmedAt, s.unsubscribedAt];
  }
}

/** Every stamp and redemption, oldest first, with the card's registered name if any. */
async function* cardEventRows(app: App, period: Period): AsyncGenerator<Cell[]> {
  const names = new Map((await listRegistrations(app)).map((r) => [r.card, r.name]));
  yield ['card', 'type', 'at', 'registered_to'];
  for (const month of await monthly(app, ['cards/events/', 'cards/days/'], period)) {
    for (const e of await cardEvents(app, month)) yield [formatCardNumber(e.card), e.type, e.at, names.get(e.card)];
  }
}

/**
 * The CSV of subscribers or card events as a stream, optionally only what falls in a period.
 * @example new Response(exportCsv(app, 'subscribers', { from: new Date('2026-01-01') }))
 */
export function exportCsv(app: App, kind: Exclude<ExportKind, (typeof surveyExports)[number]>, period: Period = {}): ReadableStream<Uint8Array> {
  switch (kind) {
    case 'subscribers':
      return csvStream(subscriberRows(app, period));
    case 'card-events':
      return csvStream(cardEventRows(app, period));
  }
}
