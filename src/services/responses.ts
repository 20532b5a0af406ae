import { z } from 'zod';
import type { App } from '../app.ts';
import { contactSchema } from '../domain/survey.ts';
import { locales } from '../i18n/locales.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { dayKeysIn, newRecordId, readRecords, type Period } from './records.ts';
import { dayOf, monthOf } from '../domain/periods.ts';

/**
 * The stored survey data: responses, follow-ups (complaints) and review-link
 * clicks, one document per record in a folder per UTC day
 * (`feedback/responses/2026-11-26/{id}`), created once and never rewritten by
 * another record's arrival: recording one costs the same at 1k or 100k stored.
 * Data written before this layout sits in month documents (`responses/2026-11`
 * with `items`); it is read beside the new records, and its records stay updatable.
 * These shapes are read by the owner's dashboard: keep them stable.
 */

const recordIdPattern = /^(\d{4}-\d{2}-\d{2})-\d{9}-[0-9a-f]{12}$/;
/** Ids of the month documents before the record layout: `2026-11-k3j4h5g6f7a8b9c0`. */
const legacyIdPattern = /^(\d{4}-\d{2})-[0-9a-f]{16}$/;

/** Whether a string is a response or follow-up id of either layout (the thanks page checks before reading). */
export function isRecordId(id: string): boolean {
  return recordIdPattern.test(id) || legacyIdPattern.test(id);
}

/** The month of a response or follow-up id of either layout (`2026-11`), or undefined for anything else. */
export function monthOfId(id: string): string | undefined {
  return recordIdPattern.exec(id)?.[1]?.slice(0, 7) ?? legacyIdPattern.exec(id)?.[1];
}

const answerValue = z.union([z.number(), z.string(), z.array(z.string())]);

export const surveyResponseSchema = z.object({
  id: z.string(),
  /** The survey's id (its file name in content/surveys/). */
  survey: z.string(),
  locale: z.enum(locales),
  /** A location id from content/locations/; "unknown" for a value that is not one; null when the link had none. */
  location: z.string().nullable(),
  /** A product slug (`house-blend`); "unknown" for a value that is not one; null when the link had none. */
  product: z.string().nullable(),
  /** By question id; only questions that were shown and answered; never the contact block. */
  answers: z.record(z.string(), answerValue),
  /** ISO date-time. */
  submittedAt: z.string(),
  /** Whether it counted as a complaint (and so has a follow-up with the same id). */
  complaint: z.boolean(),
  /** Only when the customer agreed to be contacted. */
  contact: contactSchema.optional(),
});
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;

export const followupStatuses = ['open', 'contacted', 'resolved'] as const;
export type FollowupStatus = (typeof followupStatuses)[number];

const reasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nps'), question: z.string(), score: z.number() }),
  z.object({ kind: z.literal('rating'), question: z.string(), score: z.number() }),
  z.object({ kind: z.literal('text'), question: z.string() }),
]);

export const followupSchema = z.object({
  /** The same id as its response. */
  id: z.string(),
  responseId: z.string(),
  survey: z.string(),
  locale: z.enum(locales),
  location: z.string().nullable(),
  product: z.string().nullable(),
  /** Why it is a complaint: low NPS, low rating, a "what went wrong" text. */
  reasons: z.array(reasonSchema),
  contact: contactSchema.optional(),
  status: z.enum(followupStatuses),
  notes: z.array(z.object({ at: z.string(), text: z.string() })),
  createdAt: z.string(),
  /** When it first became "contacted" (by hand or by sending the follow-up email). */
  contactedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** When the follow-up email was sent, if it was. */
  emailedAt: z.string().nullable(),
  /** Why the owner's alert email about it could not be sent (e.g. email not set up), when it could not. */
  alertError: z.string().optional(),
});
export type Followup = z.infer<typeof followupSchema>;

export const reviewClickSchema = z.object({
  at: z.string(),
  /** The response that led to the click (the thanks page passes it), if known. */
  responseId: z.string().nullable(),
  location: z.string().nullable(),
});
export type ReviewClick = z.infer<typeof reviewClickSchema>;

const list = <T>(item: z.ZodType<T>) => z.object({ items: z.array(item) });

/** One record's document: its value, or null before it was written. */
const recordDoc = <T>(kind: string, day: string, name: string, schema: z.ZodType<T>): Doc<T | null> =>
  defineDoc(`feedback/${kind}/${day}/${name}`, schema.nullable(), () => null);

/** A response's document; undefined for an id of the month documents. */
export const responseDoc = (id: string): Doc<SurveyResponse | null> | undefined => {
  const day = recordIdPattern.exec(id)?.[1];
  return day ? recordDoc('responses', day, id, surveyResponseSchema) : undefined;
};
/** A follow-up's document (same id as its response); undefined for an id of the month documents. */
export const followupDoc = (id: string): Doc<Followup | null> | undefined => {
  const day = recordIdPattern.exec(id)?.[1];
  return day ? recordDoc('followups', day, id, followupSchema) : undefined;
};

// The month documents of the layout before (read, and their records updated; never grown).
export const responsesDoc = (month: string): Doc<{ items: SurveyResponse[] }> =>
  defineDoc(`responses/${month}`, list(surveyResponseSchema), () => ({ items: [] }));
export const followupsDoc = (month: string): Doc<{ items: Followup[] }> =>
  defineDoc(`followups/${month}`, list(followupSchema), () => ({ items: [] }));
export const reviewClicksDoc = (month: string): Doc<{ items: ReviewClick[] }> =>
  defineDoc(`review-clicks/${month}`, list(reviewClickSchema), () => ({ items: [] }));

const within = (iso: string, { from, to }: Period) => (!from || iso >= from.toISOString()) && (!to || iso < to.toISOString());

/** The month documents (`2026-11`) of the layout before, stored under `prefix/`, that overlap a period. */
async function legacyMonthsIn(app: App, prefix: string, period: Period): Promise<string[]> {
  const first = period.from ? monthOf(period.from) : '0000-00';
  const last = period.to ? monthOf(new Date(period.to.getTime() - 1)) : '9999-99';
  return (await app.store.keys(`${prefix}/`))
    .map((key) => key.slice(prefix.length + 1))
    .filter((month) => /^\d{4}-\d{2}$/.test(month) && month >= first && month <= last);
}

/**
 * A period's records a day at a time, oldest first: each day's records are read
 * only when the one before was taken, so a reader going through years (an
 * export) holds one day of them, never a month or the whole history.
 */
async function* periodByDay<T>(
  app: App,
  kinds: { legacy: string; records: string },
  docs: { legacy: (month: string) => Doc<{ items: T[] }>; schema: z.ZodType<T> },
  at: (item: T) => string,
  period: Period,
): AsyncGenerator<T[]> {
  const root = `feedback/${kinds.records}/`;
  const [months, keys] = await Promise.all([legacyMonthsIn(app, kinds.legacy, period), dayKeysIn(app, root, period)]);
  const legacy = (await Promise.all(months.map((month) => app.store.read(docs.legacy(month))))).flatMap((doc) => doc.items);
  const days = new Map<string, { legacy: T[]; keys: string[] }>();
  const groupOf = (day: string) => days.get(day) ?? days.set(day, { legacy: [], keys: [] }).get(day)!;
  for (const item of legacy) if (within(at(item), period)) groupOf(at(item).slice(0, 10)).legacy.push(item);
  for (const key of keys) groupOf(key.slice(root.length, root.length + 10)).keys.push(key);
  for (const day of [...days.keys()].sort()) {
    const { legacy: older, keys: named } = days.get(day)!;
    days.delete(day);
    const records = (await readRecords(app.store, named, docs.schema)).filter((item) => within(at(item), period));
    yield [...older, ...records].sort((a, b) => at(a).localeCompare(at(b)));
  }
}

async function listPeriod<T>(...args: Parameters<typeof periodByDay<T>>): Promise<T[]> {
  const all: T[] = [];
  for await (const day of periodByDay(...args)) all.push(...day);
  return all;
}

const responseKinds = { legacy: 'responses', records: 'responses' };
const responseDocs = { legacy: responsesDoc, schema: surveyResponseSchema };
const followupKinds = { legacy: 'followups', records: 'followups' };
const followupDocs = { legacy: followupsDoc, schema: followupSchema };

/**
 * Responses submitted in a period a day at a time, oldest first (for exports: one day held at once).
 * @example for await (const day of responsesByDay(app, { from })) for (const response of day) …
 */
export function responsesByDay(app: App, period: Period = {}): AsyncGenerator<SurveyResponse[]> {
  return periodByDay(app, responseKinds, responseDocs, (r) => r.submittedAt, period);
}

/** Follow-ups created in a period a day at a time, oldest first. */
export function followupsByDay(app: App, period: Period = {}): AsyncGenerator<Followup[]> {
  return periodByDay(app, followupKinds, followupDocs, (f) => f.createdAt, period);
}

/**
 * Responses submitted in a period, oldest first (optionally of one survey).
 * @example await listResponses(app, { from: new Date('2026-11-01'), to: new Date('2026-12-01') })
 */
export async function listResponses(app: App, period: Period & { survey?: string } = {}): Promise<SurveyResponse[]> {
  const all = await listPeriod(app, responseKinds, responseDocs, (r) => r.submittedAt, period);
  return period.survey ? all.filter((r) => r.survey === period.survey) : all;
}

/** Stores a new response; throws if its id is taken (48 random bits: never in practice). */
export async function saveResponse(app: App, response: SurveyResponse): Promise<void> {
  if (!(await app.store.create(responseDoc(response.id)!, response))) throw new Error(`Response id ${response.id} already exists`);
}

/** Stores the follow-up of a new complaint (same id as its response). */
export async function saveFollowup(app: App, followup: Followup): Promise<void> {
  if (!(await app.store.create(followupDoc(followup.id)!, followup))) throw new Error(`Follow-up ${followup.id} already exists`);
}

/** One response by id, or undefined. */
export function getResponse(app: App, id: string): Promise<SurveyResponse | undefined> {
  return findRecord(app, id, responseDoc(id), responsesDoc);
}

/** One follow-up by id, or undefined. */
export function findFollowup(app: App, id: string): Promise<Followup | undefined> {
  return findRecord(app, id, followupDoc(id), followupsDoc);
}

async function findRecord<T extends { id: string }>(
  app: App,
  id: string,
  doc: Doc<T | null> | undefined,
  legacy: (month: string) => Doc<{ items: T[] }>,
): Promise<T | undefined> {
  if (doc) return (await app.store.read(doc)) ?? undefined;
  const month = monthOfId(id);
  return month ? (await app.store.read(legacy(month))).items.find((item) => item.id === id) : undefined;
}

/** Follow-ups created in a period, oldest first. */
export function listFollowupsIn(app: App, period: Period = {}): Promise<Followup[]> {
  return listPeriod(app, followupKinds, followupDocs, (f) => f.createdAt, period);
}

/**
 * Changes one stored response in place (either layout): `change` gets the record;
 * the result is undefined when there is no such response.
 */
export async function updateResponse<R>(app: App, id: string, change: (response: SurveyResponse) => R): Promise<R | undefined> {
  return updateRecord(app, id, responseDoc(id), responsesDoc, change);
}

/** The same for a follow-up. */
export async function updateFollowupRecord<R>(app: App, id: string, change: (followup: Followup) => R): Promise<R | undefined> {
  return updateRecord(app, id, followupDoc(id), followupsDoc, change);
}

async function updateRecord<T extends { id: string }, R>(
  app: App,
  id: string,
  doc: Doc<T | null> | undefined,
  legacy: (month: string) => Doc<{ items: T[] }>,
  change: (item: T) => R,
): Promise<R | undefined> {
  if (doc) return app.store.update(doc, (draft) => (draft ? change(draft) : undefined));
  const month = monthOfId(id);
  if (!month) return undefined;
  return app.store.update(legacy(month), (draft) => {
    const item = draft.items.find((candidate) => candidate.id === id);
    return item ? change(item) : undefined;
  });
}

/** Review-link clicks in a period, oldest first (the dashboard's loyalty ladder counts them). */
export function listReviewClicks(app: App, period: Period = {}): Promise<ReviewClick[]> {
  return listPeriod(app, { legacy: 'review-clicks', records: 'review-clicks' }, { legacy: reviewClicksDoc, schema: reviewClickSchema }, (c) => c.at, period);
}

/** Records one click on the public review link, as its own record. */
export async function recordReviewClick(app: App, click: Omit<ReviewClick, 'at'>): Promise<void> {
  const at = app.now();
  const id = newRecordId(at);
  await app.store.create(recordDoc('review-clicks', dayOf(at), id, reviewClickSchema), { at: at.toISOString(), ...click });
}
