import { z } from 'zod';
import type { App } from '../app.ts';
import type { SurveyCatalog } from '../catalog/surveys.ts';
import type { RateLimit } from '../limits/window.ts';
import { readToken, signToken } from '../domain/signing.ts';
import { answersSchema, complaintReasons, type AnswerMessages } from '../domain/survey.ts';
import type { SendResult } from '../email/mailer.ts';
import { complaintAlertEmail } from '../email/templates/complaint-alert.ts';
import { fieldErrors } from '../http/respond.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';
import { hit } from '../limits/rate-limit.ts';
import { newRecordId } from './records.ts';
import { indexPerson } from './person-index.ts';
import { saveFollowup, saveResponse, updateFollowupRecord, type Followup, type SurveyResponse } from './responses.ts';

/** Faster than this from opening the page to sending is a program, not a person. */
export const MIN_FILL_MS = 3_000;
/** A whole café on one Wi-Fi may answer, but not a script: 20 responses per 10 minutes per address. */
export const responseLimit: RateLimit = { name: 'responses', max: 20, windowMs: 10 * 60_000 };

/**
 * A survey post, form or JSON. Form fields use the same dotted names
 * (`answers.nps`, `answers.contact.email`) and are unflattened first.
 */
export const submissionSchema = z.object({
  survey: z.string().regex(/^[a-z0-9-]{1,60}$/),
  locale: z.enum(locales),
  /** Where the code was: a location id; anything else is recorded as "unknown". */
  at: z.string().max(100).nullish(),
  product: z.string().max(100).nullish(),
  answers: z.record(z.string(), z.unknown()),
  /** The honeypot: hidden from people, filled by naive bots. */
  website: z.string().max(1000).optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

/** The answer errors in the visitor's language. */
export const answerMessages = (locale: Locale): AnswerMessages => (code, vars) => t(locale, `survey.error.${code}`, vars);

// ---- The fill-time token: set as a cookie when the survey page loads (see /api/responses/start).

export const START_COOKIE = 'vuelve_survey_start';

export function startToken(app: App): string {
  const now = app.now();
  return signToken(app.secret('SESSION_SECRET'), 'survey-start', { t: now.getTime() }, new Date(now.getTime() + 24 * 3_600_000));
}

/** The Set-Cookie of a fresh start time; sent only with posts to /api/responses. */
export function startCookie(app: App): string {
  const secure = app.config.siteUrl.startsWith('https:') ? '; Secure' : '';
  return `${START_COOKIE}=${startToken(app)}; Path=/api/responses; Max-Age=86400; HttpOnly; SameSite=Lax${secure}`;
}

/** When the visitor opened the survey, from a token we signed; undefined when missing or forged. */
export function startedAt(app: App, token: string | undefined): Date | undefined {
  const data = token ? readToken(app.secret('SESSION_SECRET'), 'survey-start', token, app.now()) : null;
  return typeof data?.t === 'number' ? new Date(data.t) : undefined;
}

export type RecordResult =
  | { ok: true; response: SurveyResponse; followup: Followup | undefined; alerted: boolean }
  | { ok: false; reason: 'invalid'; fields: Record<string, string[]> }
  | { ok: false; reason: 'bot' | 'too-fast' }
  | { ok: false; reason: 'rate-limited'; retryAfter: number };

const known = (value: string | null | undefined, ids: Iterable<string>): string | null => {
  const given = value?.trim();
  if (!given) return null;
  return [...ids].includes(given) ? given : 'unknown';
};

/**
 * Checks and stores one survey response: honeypot, answers against the survey's
 * schema, minimum fill time, flood limit per pseudonymous client; then the
 * response, and for a complaint a follow-up and an email to the owner.
 * Nothing is stored unless every check passes.
 * @example await recordResponse(app, catalog, submission, { client: pseudonym(secret, ip), started })
 */
export async function recordResponse(
  app: App,
  catalog: SurveyCatalog,
  submission: Submission,
  context: { client: string; started: Date | undefined },
): Promise<RecordResult> {
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
  const response: SurveyResponse = {
    id: newRecordId(now),
    survey: catalog.id,
    locale: submission.locale,
    location: known(submission.at, catalog.locations.map((location) => location.id)),
    product: known(submission.product?.replace(/^(en|es)\//, ''), catalog.products.keys()),
    answers,
    submittedAt: now.toISOString(),
    complaint: false,
    ...(contact ? { contact: { ...contact, language: contact.language ?? submission.locale } } : {}),
  };
  const reasons = complaintReasons(catalog.survey, answers);
  response.complaint = reasons.length > 0;
  await saveResponse(app, response);
  await indexPerson(app, 'response', response);
  if (!response.complaint) return { ok: true, response, followup: undefined, alerted: false };

  const followup: Followup = {
    id: response.id,
    responseId: response.id,
    survey: response.survey,
    locale: response.locale,
    location: response.location,
    product: response.product,
    reasons,
    ...(response.contact ? { contact: response.contact } : {}),
    status: 'open',
    notes: [],
    createdAt: response.submittedAt,
    contactedAt: null,
    resolvedAt: null,
    emailedAt: null,
  };
  await saveFollowup(app, followup);
  await indexPerson(app, 'followup', followup);
  const alerted = await alertOwner(app, catalog, response, followup);
  if (!alerted.ok) {
    // Kept with the complaint, so the follow-up list shows the owner that no alert came.
    followup.alertError = alerted.error.message;
    await updateFollowupRecord(app, followup.id, (stored) => void (stored.alertError = alerted.error.message));
  }
  return { ok: true, response, followup, alerted: alerted.ok };
}

/** Emails the owner about a complaint at once; a failure is logged and returned, the follow-up stays on the list. */
async function alertOwner(app: App, catalog: SurveyCatalog, response: SurveyResponse, followup: Followup): Promise<SendResult> {
  const locale = catalog.site.ownerLocale;
  const location = catalog.locations.find((entry) => entry.id === response.location)?.data.name[locale];
  const product = response.product ? catalog.products.get(response.product)?.[locale] : undefined;
  const email = complaintAlertEmail(locale, {
    survey: catalog.survey,
    answers: response.answers,
    reasons: followup.reasons,
    location,
    product,
    contact: response.contact,
    submittedAt: response.submittedAt,
    dashboardUrl: `${app.config.siteUrl}/admin/`,
  });
  const to = app.config.ownerEmail ?? catalog.site.ownerEmail;
  const replyTo = response.contact?.email;
  const result = await app.mailer.send({ to, ...email, ...(replyTo ? { replyTo } : {}) }, { idempotencyKey: `complaint-${response.id}` });
  if (!result.ok) console.error(`Complaint alert for ${response.id} was not sent: ${result.error.message}`);
  return result;
}
