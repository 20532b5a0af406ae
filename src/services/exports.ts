import type { App } from '../app.ts';
import { formatCardNumber } from '../domain/card.ts';
import type { Cell } from '../domain/csv.ts';
import type { SurveyRules } from '../domain/survey.ts';
import { csvStream } from '../http/csv.ts';
import { cardEvents, listRegistrations } from './cards.ts';
import { listSubscribers } from './newsletter-store.ts';
import { followupsByDay, responsesByDay } from './responses.ts';
import type { Period } from './records.ts';
import { firstMonth, monthsBetween } from './rollup-months.ts';

/**
 * The owner's CSV exports (see src/domain/csv.ts for the format): one row per
 * response, complaint, subscriber or card event, every stored field that is
 * useful in a spreadsheet, nothing secret (no idempotency keys). Each is a
 * stream read a day at a time (survey records) or a month at a time,
 * optionally cut to a period, so memory stays flat however long the history.
 */

export const exportKinds = ['responses', 'complaints', 'subscribers', 'card-events'] as const;
export type ExportKind = (typeof exportKinds)[number];

const joined = (value: unknown): Cell => (Array.isArray(value) ? value.join('; ') : (value as Cell));

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

/** Every response, one column per question (in survey order, every survey's questions); answers to questions no survey has any more go in `other_answers`. */
async function* responseRows(app: App, surveys: Map<string, SurveyRules>, period: Period): AsyncGenerator<Cell[]> {
  const questions = [...new Set([...surveys.values()].flatMap((s) => s.questions.filter((q) => q.kind !== 'contact').map((q) => q.id)))];
  const known = new Set(questions);
  yield ['id', 'survey', 'submitted_at', 'language', 'location', 'product', 'complaint', ...questions, 'other_answers', 'contact_name', 'contact_email', 'contact_phone', 'contact_language'];
  for (const month of await monthly(app, ['responses/', 'feedback/responses/'], period)) {
    for await (const day of responsesByDay(app, month)) for (const r of day) {
      const other = Object.entries(r.answers).filter(([id]) => !known.has(id));
      yield [
        r.id, r.survey, r.submittedAt, r.locale, r.location, r.product, r.complaint,
        ...questions.map((id) => joined(r.answers[id])),
        other.map(([id, value]) => `${id}: ${joined(value) ?? ''}`).join('; '),
        r.contact?.name, r.contact?.email, r.contact?.phone, r.contact?.language,
      ];
    }
  }
}

/** Every complaint with its status, times and notes, oldest first. */
async function* complaintRows(app: App, period: Period): AsyncGenerator<Cell[]> {
  const hours = (from: string, to: string | null) => (to ? Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 10) / 10 : undefined);
  yield ['id', 'created_at', 'status', 'reasons', 'survey', 'language', 'location', 'product', 'contact_name', 'contact_email', 'contact_phone', 'contact_language', 'contacted_at', 'hours_to_first_contact', 'resolved_at', 'emailed_at', 'notes'];
  for (const month of await monthly(app, ['followups/', 'feedback/followups/'], period)) {
    for await (const day of followupsByDay(app, month)) for (const f of day) {
      yield [
        f.id, f.createdAt, f.status,
        f.reasons.map((r) => (r.kind === 'text' ? `${r.question}: text` : `${r.question}: ${r.score}`)).join('; '),
        f.survey, f.locale, f.location, f.product,
        f.contact?.name, f.contact?.email, f.contact?.phone, f.contact?.language,
        f.contactedAt, hours(f.createdAt, f.contactedAt), f.resolvedAt, f.emailedAt,
        f.notes.map((note) => `${note.at} ${note.text}`).join('\n'),
      ];
    }
  }
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
 * The CSV of one kind of data as a stream, optionally only what falls in a period.
 * @example new Response(exportCsv(app, 'responses', surveys, { from: new Date('2026-01-01') }))
 */
export function exportCsv(app: App, kind: ExportKind, surveys: Map<string, SurveyRules>, period: Period = {}): ReadableStream<Uint8Array> {
  switch (kind) {
    case 'responses':
      return csvStream(responseRows(app, surveys, period));
    case 'complaints':
      return csvStream(complaintRows(app, period));
    case 'subscribers':
      return csvStream(subscriberRows(app, period));
    case 'card-events':
      return csvStream(cardEventRows(app, period));
  }
}
