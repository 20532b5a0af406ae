import type { App } from '../app.ts';
import type { Cell } from '../domain/csv.ts';
import { csvStream } from '../http/csv.ts';
import type { SurveyRules } from './answers.ts';
import { complaintsToExport, responsesToExport, type Days } from './queries.ts';

/**
 * The owner's survey CSVs: every stored field useful in a spreadsheet, nothing secret (no idempotency keys), times
 * on the shop's clock; read a keyset page at a time, so a process holds one page however long the history.
 */

export const surveyExports = ['responses', 'complaints'] as const;
export type SurveyExport = (typeof surveyExports)[number];

const joined = (value: unknown): Cell => (Array.isArray(value) ? value.join('; ') : (value as Cell));

/** Every response, one column per question (every survey's, in survey order); answers to questions no survey has any more go in `other_answers`. */
async function* responseRows(app: App, surveys: ReadonlyMap<string, SurveyRules>, days: Days): AsyncGenerator<Cell[]> {
  const questions = [...new Set([...surveys.values()].flatMap((s) => s.questions.filter((q) => q.kind !== 'contact').map((q) => q.id)))];
  const known = new Set(questions);
  yield ['id', 'survey', 'submitted_at', 'language', 'location', 'product', 'complaint', ...questions, 'other_answers', 'contact_name', 'contact_email', 'contact_phone', 'contact_language'];
  for await (const r of responsesToExport(app.db, days)) {
    const other = Object.entries(r.answers).filter(([id]) => !known.has(id));
    yield [
      r.id, r.survey, r.localTime, r.locale, r.location, r.product, r.complaint,
      ...questions.map((id) => joined(r.answers[id])),
      other.map(([id, value]) => `${id}: ${joined(value) ?? ''}`).join('; '),
      r.contact?.name, r.contact?.email, r.contact?.phone, r.contact?.language,
    ];
  }
}

/** Every complaint with its status, times and notes, oldest first. */
async function* complaintRows(app: App, days: Days): AsyncGenerator<Cell[]> {
  yield ['id', 'created_at', 'status', 'reasons', 'survey', 'language', 'location', 'product', 'contact_name', 'contact_email', 'contact_phone', 'contact_language', 'contacted_at', 'hours_to_first_contact', 'resolved_at', 'emailed_at', 'notes'];
  for await (const { followup: f, response: r, local, hoursToFirstContact } of complaintsToExport(app.db, days)) {
    yield [
      f.id, local.created, f.status,
      f.reasons.map((reason) => (reason.kind === 'text' ? `${reason.question}: text` : `${reason.question}: ${reason.score}`)).join('; '),
      r.survey, r.locale, r.location, r.product,
      r.contact?.name, r.contact?.email, r.contact?.phone, r.contact?.language,
      local.contacted, hoursToFirstContact, local.resolved, local.emailed,
      local.notes,
    ];
  }
}

/**
 * A survey CSV as a stream, optionally only the shop's days `from`…`to`.
 * @example new Response(surveyCsv(app, 'responses', surveys, { from: '2026-01-01', tz: 'Europe/Madrid' }))
 */
export function surveyCsv(app: App, kind: SurveyExport, surveys: ReadonlyMap<string, SurveyRules>, days: Days): ReadableStream<Uint8Array> {
  return csvStream(kind === 'responses' ? responseRows(app, surveys, days) : complaintRows(app, days));
}
