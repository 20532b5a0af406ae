import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../app.ts';
import type { SurveyCatalog } from '../catalog/surveys.ts';
import { readToken, signToken } from '../domain/signing.ts';
import type { SendResult } from '../email/mailer.ts';
import { complaintAlertEmail } from '../email/templates/complaint-alert.ts';
import { fieldErrors } from '../http/respond.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';
import { hit } from '../limits/rate-limit.ts';
import type { RateLimit } from '../limits/window.ts';
import { answersSchema, type AnswerMessages, type Answers, type Contact } from './answers.ts';
import { findResponse, insertResponse, noteAlertError, responseByKey, type StoredResponse } from './queries.ts';
import { complaintReasons, type ComplaintReason } from './scores.ts';

/** Faster than this from opening the page to sending is a program, not a person. */
export const MIN_FILL_MS = 3_000;
/** A whole café on one Wi-Fi may answer, but not a script: 20 responses per 10 minutes per address. */
export const responseLimit: RateLimit = { name: 'responses', max: 20, windowMs: 10 * 60_000 };

/** A survey post, form or JSON; form fields' dotted names (`answers.contact.email`) are unflattened first. */
export const submissionSchema = z.object({
  survey: z.string().regex(/^[a-z0-9-]{1,60}$/),
  locale: z.enum(locales),
  /** Where the code was: a location id; anything else is recorded as "unknown". */
  at: z.string().max(100).nullish(),
  product: z.string().max(100).nullish(),
  answers: z.record(z.string(), z.unknown()),
  /** The honeypot: hidden from people, filled by naive bots. */
  website: z.string().max(1000).optional(),
  /** The page's own key for this post (the island sends one): sent again after a lost answer, it is stored once. */
  key: z.string().min(8).max(100).optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

/** The answer errors in the visitor's language. */
export const answerMessages = (locale: Locale): AnswerMessages => (code, vars) => t(locale, `survey.error.${code}`, vars);

// ---- The fill-time token: set as a cookie when the survey page loads (see /api/responses/start).

export const START_COOKIE = 'vuelve_survey_start';

/** A signed token of the time now and a random name for this page view, for the start cookie. @example startToken(app) */
export function startToken(app: Pick<App, 'now' | 'secret'>): string {
  const now = app.now();
  return signToken(app.secret('SESSION_SECRET'), 'survey-start', { t: now.getTime(), n: randomBytes(12).toString('base64url') }, new Date(now.getTime() + 24 * 3_600_000));
}

/** The Set-Cookie of a fresh start time; sent only with posts to /api/responses. */
export function startCookie(app: App): string {
  const secure = app.config.siteUrl.startsWith('https:') ? '; Secure' : '';
  return `${START_COOKIE}=${startToken(app)}; Path=/api/responses; Max-Age=86400; HttpOnly; SameSite=Lax${secure}`;
}

/**
 * When the visitor opened the survey, and a key of that page view (a form post without script has no key of
 * its own: sent twice, it is stored once), from a token we signed; undefined when missing or forged.
 * @example readStart(app, cookies[START_COOKIE]) → { at: 2026-11-26T09:59:00.000Z, key: 'view-…' }
 */
export function readStart(app: App, token: string | undefined): { at: Date; key: string } | undefined {
  const data = token ? readToken(app.secret('SESSION_SECRET'), 'survey-start', token, app.now()) : null;
  return typeof data?.t === 'number' && typeof data.n === 'string' ? { at: new Date(data.t), key: `view-${data.n}` } : undefined;
}

/** Why a post is not stored. */
export type Refusal =
  | { ok: false; reason: 'invalid'; fields: Record<string, string[]> }
  | { ok: false; reason: 'bot' | 'too-fast' }
  | { ok: false; reason: 'rate-limited'; retryAfter: number };

/** A post that passed every check: what to store. */
export interface Accepted {
  ok: true;
  answers: Answers;
  contact: Contact | undefined;
  location: string | null;
  product: string | null;
  reasons: ComplaintReason[];
}

const known = (value: string | null | undefined, ids: Iterable<string>): string | null => {
  const given = value?.trim();
  if (!given) return null;
  return [...ids].includes(given) ? given : 'unknown';
};

/**
 * The checks of a survey post, in order: honeypot, answers against the survey's schema, minimum fill time,
 * flood limit per pseudonymous client (which counts the attempt); then what to store.
 * @example const checked = await checkSubmission(app, catalog, submission, { client, started })
 */
export async function checkSubmission(app: App, catalog: SurveyCatalog, submission: Submission, context: { client: string; started: Date | undefined }): Promise<Accepted | Refusal> {
  if (submission.website?.trim()) return { ok: false, reason: 'bot' };
  const parsed = answersSchema(catalog.survey, answerMessages(submission.locale)).safeParse(submission.answers);
  if (!parsed.success) {
    return { ok: false, reason: 'invalid', fields: Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([name, list]) => [`answers.${name}`, list])) };
  }
  const now = app.now();
  if (!context.started || now.getTime() - context.started.getTime() < MIN_FILL_MS) return { ok: false, reason: 'too-fast' };
  const verdict = await hit(app, responseLimit, context.client, now);
  if (!verdict.ok) return { ok: false, reason: 'rate-limited', retryAfter: verdict.retryAfter };
  const { answers, contact } = parsed.data;
  return {
    ok: true,
    answers,
    contact: contact ? { ...contact, language: contact.language ?? submission.locale } : undefined,
    location: known(submission.at, catalog.locations.map((location) => location.id)),
    product: known(submission.product?.replace(/^(en|es)\//, ''), catalog.products.keys()),
    reasons: complaintReasons(catalog.survey, answers),
  };
}

export type RecordResult = { ok: true; response: StoredResponse; alerted: boolean } | Refusal;

/**
 * Checks and stores one survey response; a complaint gets its follow-up in the same statement and an email
 * to the owner. A post repeating a stored key answers with the response stored the first time, and sends
 * no second alert. Nothing is stored unless every check passes.
 * @example await recordResponse(app, catalog, submission, { client: pseudonym(secret, ip), started })
 */
export async function recordResponse(app: App, catalog: SurveyCatalog, submission: Submission, context: { client: string; started: Date | undefined }): Promise<RecordResult> {
  const checked = await checkSubmission(app, catalog, submission, context);
  if (!checked.ok) return checked;
  const { answers, contact, location, product, reasons } = checked;
  const submittedAt = app.now();
  const id = await insertResponse(app.db, { survey: catalog.id, locale: submission.locale, location, product, answers, submittedAt, reasons, contact, idempotencyKey: submission.key });
  // No id: the key was stored before (by this post's first try), so the stored response is the answer.
  const response = id ? await findResponse(app.db, id) : submission.key ? await responseByKey(app.db, submission.key) : undefined;
  if (!response) throw new Error(`The response ${id ?? `with key ${submission.key}`} was stored but cannot be read back`);
  if (!id || !response.complaint) return { ok: true, response, alerted: false };
  const alerted = await alertOwner(app, catalog, { id, answers, reasons, location, product, contact, submittedAt });
  // Kept with the complaint, so the follow-up list shows the owner that no alert came.
  if (!alerted.ok) await noteAlertError(app.db, id, alerted.error.message);
  return { ok: true, response, alerted: alerted.ok };
}

/** What the owner's alert tells of a complaint: what was accepted, its id and when. */
export type NewComplaint = Omit<Accepted, 'ok'> & { id: string; submittedAt: Date };

/**
 * Emails the owner about a complaint at once, in their language and at their shop's time; a failure is
 * logged and returned, the follow-up stays on the list.
 * @example const sent = await alertOwner(app, catalog, complaint)
 */
export async function alertOwner(app: App, catalog: SurveyCatalog, complaint: NewComplaint): Promise<SendResult> {
  const locale = catalog.site.ownerLocale;
  const email = complaintAlertEmail(locale, {
    survey: catalog.survey,
    answers: complaint.answers,
    reasons: complaint.reasons,
    location: catalog.locations.find((entry) => entry.id === complaint.location)?.data.name[locale],
    product: complaint.product ? catalog.products.get(complaint.product)?.[locale] : undefined,
    contact: complaint.contact,
    submittedAt: complaint.submittedAt,
    timeZone: catalog.site.timeZone,
    dashboardUrl: `${app.config.siteUrl}/admin/followups/?show=${complaint.id}`,
  });
  const to = app.config.ownerEmail ?? catalog.site.ownerEmail;
  const replyTo = complaint.contact?.email;
  const result = await app.mailer.send({ to, ...email, ...(replyTo ? { replyTo } : {}) }, { idempotencyKey: `complaint-${complaint.id}` });
  if (!result.ok) console.error(`Complaint alert for ${complaint.id} was not sent: ${result.error.message}`);
  return result;
}
