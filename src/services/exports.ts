import type { App } from '../app.ts';
import { formatCardNumber } from '../domain/card.ts';
import { toCsv, type Cell } from '../domain/csv.ts';
import type { SurveyRules } from '../domain/survey.ts';
import { cardEvents, listRegistrations } from './cards.ts';
import { listFollowups } from './followups.ts';
import { listSubscribers } from './newsletter-store.ts';
import { listResponses } from './responses.ts';

/**
 * The owner's CSV exports (see src/domain/csv.ts for the format): one row per
 * response, complaint, subscriber or card event, every stored field that is
 * useful in a spreadsheet, nothing secret (no idempotency keys).
 */

export const exportKinds = ['responses', 'complaints', 'subscribers', 'card-events'] as const;
export type ExportKind = (typeof exportKinds)[number];

const joined = (value: unknown): Cell => (Array.isArray(value) ? value.join('; ') : (value as Cell));

/** Every response, one column per question (in survey order, every survey's questions). */
export async function responsesCsv(app: App, surveys: Map<string, SurveyRules>): Promise<string> {
  const responses = await listResponses(app);
  const questions = [...new Set([...surveys.values()].flatMap((s) => s.questions.filter((q) => q.kind !== 'contact').map((q) => q.id)))];
  const extra = [...new Set(responses.flatMap((r) => Object.keys(r.answers)))].filter((id) => !questions.includes(id));
  const columns = [...questions, ...extra];
  return toCsv(
    ['id', 'survey', 'submitted_at', 'language', 'location', 'product', 'complaint', ...columns, 'contact_name', 'contact_email', 'contact_phone', 'contact_language'],
    responses.map((r) => [
      r.id, r.survey, r.submittedAt, r.locale, r.location, r.product, r.complaint,
      ...columns.map((id) => joined(r.answers[id])),
      r.contact?.name, r.contact?.email, r.contact?.phone, r.contact?.language,
    ]),
  );
}

/** Every complaint with its status, times and notes. */
export async function complaintsCsv(app: App): Promise<string> {
  const followups = (await listFollowups(app)).toReversed();
  const hours = (from: string, to: string | null) => (to ? Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 10) / 10 : undefined);
  return toCsv(
    ['id', 'created_at', 'status', 'reasons', 'survey', 'language', 'location', 'product', 'contact_name', 'contact_email', 'contact_phone', 'contact_language', 'contacted_at', 'hours_to_first_contact', 'resolved_at', 'emailed_at', 'notes'],
    followups.map((f) => [
      f.id, f.createdAt, f.status,
      f.reasons.map((r) => (r.kind === 'text' ? `${r.question}: text` : `${r.question}: ${r.score}`)).join('; '),
      f.survey, f.locale, f.location, f.product,
      f.contact?.name, f.contact?.email, f.contact?.phone, f.contact?.language,
      f.contactedAt, hours(f.createdAt, f.contactedAt), f.resolvedAt, f.emailedAt,
      f.notes.map((note) => `${note.at} ${note.text}`).join('\n'),
    ]),
  );
}

/** Every subscriber in any state. */
export async function subscribersCsv(app: App): Promise<string> {
  const subscribers = await listSubscribers(app);
  return toCsv(
    ['email', 'status', 'language', 'source', 'subscribed_at', 'confirmed_at', 'unsubscribed_at'],
    subscribers.map((s) => [s.email, s.status, s.locale, s.source, s.subscribedAt, s.confirmedAt, s.unsubscribedAt]),
  );
}

/** Every stamp and redemption, oldest first, with the card's registered name if any. */
export async function cardEventsCsv(app: App): Promise<string> {
  const [events, registrations] = await Promise.all([cardEvents(app), listRegistrations(app)]);
  const names = new Map(registrations.map((r) => [r.card, r.name]));
  return toCsv(
    ['card', 'type', 'at', 'registered_to'],
    events.map((e) => [formatCardNumber(e.card), e.type, e.at, names.get(e.card)]),
  );
}

/** The CSV of one kind of data. */
export function exportCsv(app: App, kind: ExportKind, surveys: Map<string, SurveyRules>): Promise<string> {
  switch (kind) {
    case 'responses':
      return responsesCsv(app, surveys);
    case 'complaints':
      return complaintsCsv(app);
    case 'subscribers':
      return subscribersCsv(app);
    case 'card-events':
      return cardEventsCsv(app);
  }
}
