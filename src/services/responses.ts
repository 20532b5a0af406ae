import { z } from 'zod';
import type { App } from '../app.ts';
import { contactSchema } from '../domain/survey.ts';
import { locales } from '../i18n/locales.ts';
import { defineDoc, type Doc } from '../store/store.ts';

/**
 * The stored survey data: responses, follow-ups (complaints) and review-link
 * clicks, each split by month (`responses/2026-11`) so no document grows
 * without bound. These shapes are read by the owner's dashboard: keep them stable.
 */

/** `2026-11` for a date, in UTC. */
export function monthOf(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 7);
}

/** Response and follow-up ids start with their month (`2026-11-k3j4h5g6f7`), so one id finds its document. */
export function monthOfId(id: string): string | undefined {
  return /^(\d{4}-\d{2})-[a-z0-9]+$/.exec(id)?.[1];
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

export const responsesDoc = (month: string): Doc<{ items: SurveyResponse[] }> =>
  defineDoc(`responses/${month}`, list(surveyResponseSchema), () => ({ items: [] }));
export const followupsDoc = (month: string): Doc<{ items: Followup[] }> =>
  defineDoc(`followups/${month}`, list(followupSchema), () => ({ items: [] }));
export const reviewClicksDoc = (month: string): Doc<{ items: ReviewClick[] }> =>
  defineDoc(`review-clicks/${month}`, list(reviewClickSchema), () => ({ items: [] }));

export interface Period {
  /** Inclusive; omitted: from the start. */
  from?: Date;
  /** Exclusive; omitted: up to now. */
  to?: Date;
}

/** The months (`2026-11`) stored under `prefix/` that overlap a period. */
async function monthsIn(app: App, prefix: string, period: Period): Promise<string[]> {
  const first = period.from ? monthOf(period.from) : '0000-00';
  const last = period.to ? monthOf(new Date(period.to.getTime() - 1)) : '9999-99';
  return (await app.store.keys(`${prefix}/`))
    .map((key) => key.slice(prefix.length + 1))
    .filter((month) => /^\d{4}-\d{2}$/.test(month) && month >= first && month <= last);
}

const within = (iso: string, { from, to }: Period) => (!from || iso >= from.toISOString()) && (!to || iso < to.toISOString());

async function listPeriod<T>(app: App, prefix: string, doc: (month: string) => Doc<{ items: T[] }>, at: (item: T) => string, period: Period): Promise<T[]> {
  const months = await monthsIn(app, prefix, period);
  const docs = await Promise.all(months.map((month) => app.store.read(doc(month))));
  return docs.flatMap((d) => d.items).filter((item) => within(at(item), period)).sort((a, b) => at(a).localeCompare(at(b)));
}

/**
 * Responses submitted in a period, oldest first (optionally of one survey).
 * @example await listResponses(app, { from: new Date('2026-11-01'), to: new Date('2026-12-01') })
 */
export async function listResponses(app: App, period: Period & { survey?: string } = {}): Promise<SurveyResponse[]> {
  const all = await listPeriod(app, 'responses', responsesDoc, (r) => r.submittedAt, period);
  return period.survey ? all.filter((r) => r.survey === period.survey) : all;
}

/** One response by id, or undefined. */
export async function getResponse(app: App, id: string): Promise<SurveyResponse | undefined> {
  const month = monthOfId(id);
  if (!month) return undefined;
  return (await app.store.read(responsesDoc(month))).items.find((r) => r.id === id);
}

/** Review-link clicks in a period, oldest first (the dashboard's loyalty ladder counts them). */
export function listReviewClicks(app: App, period: Period = {}): Promise<ReviewClick[]> {
  return listPeriod(app, 'review-clicks', reviewClicksDoc, (c) => c.at, period);
}

/** Records one click on the public review link. */
export async function recordReviewClick(app: App, click: Omit<ReviewClick, 'at'>): Promise<void> {
  const at = app.now();
  await app.store.update(reviewClicksDoc(monthOf(at)), (draft) => {
    draft.items.push({ at: at.toISOString(), ...click });
  });
}
