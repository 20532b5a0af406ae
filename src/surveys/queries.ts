import { z } from 'zod';
import { firstRow, rows, type Db } from '../db/db.ts';
import { keysetRows } from '../db/pages.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import type { Answers, Contact } from './answers.ts';
import { emptyTally, type ComplaintReason, type Tally } from './scores.ts';

/**
 * The surveys' SQL (netlify/database/migrations/0001_surveys.sql). Figures count calendar days of the shop's time
 * zone (`tz`): `from` and `to` inclusive, as the owner picks them; the database works out their instants.
 */

export const followupStatuses = ['open', 'contacted', 'resolved'] as const;
export type FollowupStatus = (typeof followupStatuses)[number];

/** A stored survey response. */
export interface StoredResponse {
  id: string;
  /** The survey's id (its file in content/surveys/). */
  survey: string;
  locale: Locale;
  /** A location id, "unknown" for a value that is not one, null when the link had none. */
  location: string | null;
  /** A product slug, "unknown", or null. */
  product: string | null;
  /** By question id; only questions answered; never the contact block. */
  answers: Answers;
  submittedAt: Date;
  /** Whether it counted as a complaint (and so has a follow-up with the same id). */
  complaint: boolean;
  /** Only when the customer agreed to be contacted. */
  contact: Contact | undefined;
}

/** A complaint's follow-up (its id is its response's). */
export interface Followup {
  id: string;
  reasons: ComplaintReason[];
  status: FollowupStatus;
  createdAt: Date;
  /** When it first became "contacted" (by hand or by the follow-up email); kept when it is reopened. */
  contactedAt: Date | null;
  resolvedAt: Date | null;
  /** The follow-up email as the owner sent it, and when. */
  emailed: { at: Date; subject: string; text: string } | null;
  /** Why the owner's alert email could not be sent, when it could not. */
  alertError: string | null;
  notes: { at: Date; text: string }[];
}

/** Calendar days in the shop's time zone, both included; an open end is unbounded. */
export interface Days {
  from?: string | undefined;
  to?: string | undefined;
  /** An IANA time zone, e.g. Europe/Madrid. */
  tz: string;
}

/** Which responses the feedback figures count: one survey, its days, and the filters the owner picked. */
export interface FeedbackScope extends Days {
  survey: string;
  /** A location id, "unknown", "none" (responses without one), or undefined for all. */
  location?: string | undefined;
  product?: string | undefined;
  locale?: Locale | undefined;
}

// `column` within the days $from…$to (both included) of the time zone $tz, by instants, so its index serves;
// an open end is unbounded, and a NULL time is in no days.
export const withinDays = (column: string, from: number, to: number, tz: number) =>
  `${column} IS NOT NULL AND ($${from}::date IS NULL OR ${column} >= ($${from}::date::timestamp AT TIME ZONE $${tz}))
   AND ($${to}::date IS NULL OR ${column} < (($${to}::date + 1)::timestamp AT TIME ZONE $${tz}))`;

const answerValue = z.union([z.number(), z.string(), z.array(z.string())]);
const reasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nps'), question: z.string(), score: z.number() }),
  z.object({ kind: z.literal('rating'), question: z.string(), score: z.number() }),
  z.object({ kind: z.literal('text'), question: z.string() }),
]);

const responseColumns = `r.id, r.survey, r.locale, r.location, r.product, r.answers, r.submitted_at, r.complaint,
  r.contact_name, r.contact_email, r.contact_phone, r.contact_locale`;

const responseFields = z.object({
  id: z.string(),
  survey: z.string(),
  locale: z.enum(locales),
  location: z.string().nullable(),
  product: z.string().nullable(),
  answers: z.record(z.string(), answerValue),
  submitted_at: z.coerce.date(),
  complaint: z.boolean(),
  contact_name: z.string().nullable(),
  contact_email: z.string().nullable(),
  contact_phone: z.string().nullable(),
  contact_locale: z.enum(locales).nullable(),
});

const toResponse = (row: z.infer<typeof responseFields>): StoredResponse => ({
  id: row.id,
  survey: row.survey,
  locale: row.locale,
  location: row.location,
  product: row.product,
  answers: row.answers,
  submittedAt: row.submitted_at,
  complaint: row.complaint,
  // The language is set whenever the customer agreed to be contacted.
  contact: row.contact_locale
    ? {
        language: row.contact_locale,
        ...(row.contact_name ? { name: row.contact_name } : {}),
        ...(row.contact_email ? { email: row.contact_email } : {}),
        ...(row.contact_phone ? { phone: row.contact_phone } : {}),
      }
    : undefined,
});
const responseRow = responseFields.transform(toResponse);

const uuid = z.uuid();
/** Whether a string can be a response id (a link's `?r=` is anything a visitor typed). */
export const isResponseId = (id: string): boolean => uuid.safeParse(id).success;

/** A response to store; `reasons` non-empty makes it a complaint with an open follow-up. */
export type NewResponse = Omit<StoredResponse, 'id' | 'complaint'> & {
  reasons: ComplaintReason[];
  /** The survey page's key for this post; a second post with it stores nothing. */
  idempotencyKey: string | undefined;
};

// The response and, for a complaint, its follow-up, in one statement: both are stored or neither. A key
// already stored inserts nothing (ON CONFLICT DO NOTHING), so the follow-up's INSERT has no row to copy.
const insertResponseSql = `
  WITH response AS (
    INSERT INTO responses (survey, locale, location, product, answers, submitted_at, complaint,
                           contact_name, contact_email, contact_phone, contact_locale, idempotency_key)
    VALUES ($1, $2, $3, $4, $5::jsonb, $6, jsonb_array_length($7::jsonb) > 0, $8, $9, $10, $11, $12)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, complaint, submitted_at
  ), followup AS (
    INSERT INTO followups (response_id, reasons, created_at)
    SELECT id, $7::jsonb, submitted_at FROM response WHERE complaint
  )
  SELECT id FROM response`;

/**
 * Stores a response (and its follow-up when it is a complaint); undefined when its key was stored before.
 * @example const id = await insertResponse(db, { survey: 'feedback', …, idempotencyKey: 'k1' })
 */
export async function insertResponse(db: Db, response: NewResponse): Promise<string | undefined> {
  const { contact } = response;
  const inserted = await firstRow(db, z.object({ id: z.string() }), insertResponseSql, [
    response.survey, response.locale, response.location, response.product, JSON.stringify(response.answers), response.submittedAt,
    JSON.stringify(response.reasons), contact?.name ?? null, contact?.email ?? null, contact?.phone ?? null, contact?.language ?? null,
    response.idempotencyKey ?? null,
  ]);
  return inserted?.id;
}

/** The response stored with an idempotency key (a repeated post answers with it). */
export function responseByKey(db: Db, key: string): Promise<StoredResponse | undefined> {
  return firstRow(db, responseRow, `SELECT ${responseColumns} FROM responses r WHERE r.idempotency_key = $1`, [key]);
}

/** One response by id, or undefined (also for a string that is no id). @example await findResponse(db, id) */
export async function findResponse(db: Db, id: string): Promise<StoredResponse | undefined> {
  if (!isResponseId(id)) return undefined;
  return firstRow(db, responseRow, `SELECT ${responseColumns} FROM responses r WHERE r.id = $1`, [id]);
}

/** Keeps with a complaint why the owner's alert was not sent, so the follow-up list can say so. */
export async function noteAlertError(db: Db, id: string, message: string): Promise<void> {
  await db.query('UPDATE followups SET alert_error = $2 WHERE response_id = $1', [id, message]);
}

/**
 * Records a click on "leave a public review"; a response id that is unknown (or no id) is recorded as none.
 * @example await insertReviewClick(db, { at: now, responseId: '…', location: 'counter' })
 */
export async function insertReviewClick(db: Db, click: { at: Date; responseId: string | null; location: string | null }): Promise<void> {
  const responseId = click.responseId && isResponseId(click.responseId) ? click.responseId : null;
  await db.query('INSERT INTO review_clicks (at, response_id, location) SELECT $1, (SELECT id FROM responses WHERE id = $2), $3', [click.at, responseId, click.location]);
}

// ---- The feedback page's figures -----------------------------------------------------------------------

// The responses in a scope: $1 survey, $2 from, $3 to, $4 tz, $5 location, $6 product, $7 locale.
// "none" picks those without a location (or product): nullif turns it into NULL, which IS NOT DISTINCT FROM matches.
const scopeWhere = `r.survey = $1 AND ${withinDays('r.submitted_at', 2, 3, 4)}
  AND ($5::text IS NULL OR r.location IS NOT DISTINCT FROM nullif($5, 'none'))
  AND ($6::text IS NULL OR r.product IS NOT DISTINCT FROM nullif($6, 'none'))
  AND ($7::text IS NULL OR r.locale = $7)`;
const scopeParams = (scope: FeedbackScope) => [scope.survey, scope.from ?? null, scope.to ?? null, scope.tz, scope.location ?? null, scope.product ?? null, scope.locale ?? null];

// A response has a written answer when one of the text questions ($8) holds a non-blank string.
const hasText = `EXISTS (SELECT 1 FROM unnest($8::text[]) AS q(id) WHERE jsonb_typeof(r.answers -> q.id) = 'string' AND btrim(r.answers ->> q.id) <> '')`;

// Per period (the day, week or month $9 the shop's clock puts a response in) and in all: how many responses,
// how many with a written answer (the rows whose question is NULL), and how often each value of each scored
// question ($10, numeric when $11: rating and NPS count numbers only) was given. The whole range's figures are
// the periods' summed (feedbackCounts).
const feedbackCountsSql = `
  WITH picked AS (
    SELECT r.answers, ${hasText} AS wrote, date_trunc($9, r.submitted_at AT TIME ZONE $4)::date AS period
    FROM responses r WHERE ${scopeWhere}
  )
  SELECT to_char(period, 'YYYY-MM-DD') AS period, NULL AS question, NULL AS value, count(*)::int AS n, count(*) FILTER (WHERE wrote)::int AS texts
  FROM picked GROUP BY period
  UNION ALL
  SELECT to_char(period, 'YYYY-MM-DD'), question, value, count(*)::int, 0
  FROM (
    -- A scored answer is a number, a choice a string…
    SELECT p.period, q.id, p.answers ->> q.id
    FROM picked p CROSS JOIN unnest($10::text[], $11::boolean[]) AS q(id, numeric)
    WHERE jsonb_typeof(p.answers -> q.id) = CASE WHEN q.numeric THEN 'number' ELSE 'string' END
    UNION ALL
    -- …or an array of choices, each counted.
    SELECT p.period, q.id, e.value
    FROM picked p CROSS JOIN unnest($10::text[], $11::boolean[]) AS q(id, numeric)
    CROSS JOIN jsonb_array_elements_text(CASE WHEN NOT q.numeric AND jsonb_typeof(p.answers -> q.id) = 'array' THEN p.answers -> q.id END) AS e(value)
  ) AS answer (period, question, value)
  GROUP BY period, question, value`;

const countRow = z.object({ period: z.string(), question: z.string().nullable(), value: z.string().nullable(), n: z.number(), texts: z.number() });

/** The questions the counts look at: written ones, and scored ones (`numeric` for rating and NPS). */
export interface CountedQuestions {
  texts: string[];
  scored: { id: string; numeric: boolean }[];
}

/**
 * The tallies of a scope: in all, and per period that has responses (by its first day, `2026-03-30`).
 * @example const { total, periods } = await feedbackCounts(db, { survey: 'feedback', from: '2026-03-01', to: '2026-03-31', tz }, 'week', questions)
 */
export async function feedbackCounts(db: Db, scope: FeedbackScope, unit: 'day' | 'week' | 'month', questions: CountedQuestions): Promise<{ total: Tally; periods: Map<string, Tally> }> {
  const found = await rows(db, countRow, feedbackCountsSql, [
    ...scopeParams(scope), questions.texts, unit, questions.scored.map((q) => q.id), questions.scored.map((q) => q.numeric),
  ]);
  const total = emptyTally();
  const periods = new Map<string, Tally>();
  for (const row of found) {
    for (const tally of [periods.get(row.period) ?? periods.set(row.period, emptyTally()).get(row.period)!, total]) {
      if (row.question === null) {
        tally.responses += row.n;
        tally.texts += row.texts;
      } else {
        const values = (tally.answers[row.question] ??= {});
        values[row.value ?? ''] = (values[row.value ?? ''] ?? 0) + row.n;
      }
    }
  }
  return { total, periods };
}

/** Whether the survey's responses in the range include an unknown location or product (the filters then offer "unknown"). */
export async function unknownCodesSeen(db: Db, scope: Pick<FeedbackScope, 'survey' | 'from' | 'to' | 'tz'>): Promise<{ location: boolean; product: boolean }> {
  const seen = await firstRow(
    db,
    z.object({ location: z.boolean(), product: z.boolean() }),
    `SELECT coalesce(bool_or(r.location = 'unknown'), false) AS location, coalesce(bool_or(r.product = 'unknown'), false) AS product
     FROM responses r WHERE r.survey = $1 AND ${withinDays('r.submitted_at', 2, 3, 4)}`,
    [scope.survey, scope.from ?? null, scope.to ?? null, scope.tz],
  );
  return seen ?? { location: false, product: false };
}

/**
 * One page of the responses in a scope with a written answer, newest first.
 * @example await textAnswers(db, scope, ['wrong', 'drink'], { skip: 20, limit: 20 })
 */
export function textAnswers(db: Db, scope: FeedbackScope, texts: string[], page: { skip: number; limit: number }): Promise<StoredResponse[]> {
  return rows(
    db,
    responseRow,
    `SELECT ${responseColumns} FROM responses r WHERE ${scopeWhere} AND ${hasText}
     ORDER BY r.submitted_at DESC, r.id DESC LIMIT $9 OFFSET $10`,
    [...scopeParams(scope), texts, page.limit, page.skip],
  );
}

/**
 * How many stored answers each survey's question ids have (a blank answer is none), for the content editor's
 * warning before a question with answers is renamed or removed.
 * @example await answeredQuestions(db) → { feedback: { overall: 118, nps: 120 } }
 */
export async function answeredQuestions(db: Db): Promise<Record<string, Record<string, number>>> {
  const counted = await rows(
    db,
    z.object({ survey: z.string(), question: z.string(), answers: z.number() }),
    `SELECT r.survey, a.key AS question, count(*)::int AS answers
     FROM responses r CROSS JOIN jsonb_each(r.answers) AS a(key, value)
     WHERE a.value NOT IN ('null'::jsonb, '""'::jsonb, '[]'::jsonb)
     GROUP BY r.survey, a.key ORDER BY r.survey, a.key`,
  );
  const counts: Record<string, Record<string, number>> = {};
  for (const { survey, question, answers } of counted) (counts[survey] ??= {})[question] = answers;
  return counts;
}

// ---- Complaints ------------------------------------------------------------------------------------------

export interface ComplaintFigures {
  /** Complaints received in the days, and resolved in them. */
  received: number;
  resolved: number;
  /** How many stand in each status now, whenever they came. */
  now: Record<FollowupStatus, number>;
  /** Medians over the complaints received in the days (those contacted, those resolved), in ms. */
  medianToContact: number | null;
  medianToResolve: number | null;
  /** Of those received in the days, how many were contacted within two days. */
  contactedWithinTwoDays: number;
}

// Times to contact and to resolve are medians of the complaints received in the days ($1…$2 of $3).
const complaintFiguresSql = `
  SELECT
    count(*) FILTER (WHERE received)::int AS received,
    count(*) FILTER (WHERE ${withinDays('f.resolved_at', 1, 2, 3)})::int AS resolved,
    count(*) FILTER (WHERE f.status = 'open')::int AS open,
    count(*) FILTER (WHERE f.status = 'contacted')::int AS contacted,
    count(*) FILTER (WHERE f.status = 'resolved')::int AS closed,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.contacted_at - f.created_at)) FILTER (WHERE received) AS to_contact,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.resolved_at - f.created_at)) FILTER (WHERE received) AS to_resolve,
    count(*) FILTER (WHERE received AND f.contacted_at - f.created_at <= interval '48 hours')::int AS within_two_days
  FROM (SELECT f.*, ${withinDays('f.created_at', 1, 2, 3)} AS received FROM followups f) AS f`;

/**
 * The complaint figures of some days (all time without `from`/`to`): for the follow-up list and the monthly summary.
 * @example await complaintFigures(db, { from: '2026-04-01', to: '2026-04-30', tz: 'Europe/Madrid' })
 */
export async function complaintFigures(db: Db, days: Days): Promise<ComplaintFigures> {
  const seconds = z.coerce.number().nullable();
  const row = await firstRow(
    db,
    z.object({ received: z.number(), resolved: z.number(), open: z.number(), contacted: z.number(), closed: z.number(), to_contact: seconds, to_resolve: seconds, within_two_days: z.number() }),
    complaintFiguresSql,
    [days.from ?? null, days.to ?? null, days.tz],
  );
  if (!row) throw new Error('complaintFigures: an aggregate always answers one row');
  const ms = (value: number | null) => (value === null ? null : Math.round(value * 1000));
  return {
    received: row.received,
    resolved: row.resolved,
    now: { open: row.open, contacted: row.contacted, resolved: row.closed },
    medianToContact: ms(row.to_contact),
    medianToResolve: ms(row.to_resolve),
    contactedWithinTwoDays: row.within_two_days,
  };
}

const followupColumns = `f.response_id, f.reasons, f.status, f.created_at, f.contacted_at, f.resolved_at, f.emailed_at, f.email_subject, f.email_text, f.alert_error,
  coalesce((SELECT json_agg(json_build_object('at', n.at, 'text', n.text) ORDER BY n.at, n.id) FROM followup_notes n WHERE n.response_id = f.response_id), '[]') AS notes`;

const maybeDate = z.coerce.date().nullable();
const followupFields = z.object({
  response_id: z.string(),
  reasons: z.array(reasonSchema),
  status: z.enum(followupStatuses),
  created_at: z.coerce.date(),
  contacted_at: maybeDate,
  resolved_at: maybeDate,
  emailed_at: maybeDate,
  email_subject: z.string().nullable(),
  email_text: z.string().nullable(),
  alert_error: z.string().nullable(),
  notes: z.array(z.object({ at: z.coerce.date(), text: z.string() })),
});

const toFollowup = (row: z.infer<typeof followupFields>): Followup => ({
  id: row.response_id,
  reasons: row.reasons,
  status: row.status,
  createdAt: row.created_at,
  contactedAt: row.contacted_at,
  resolvedAt: row.resolved_at,
  emailed: row.emailed_at ? { at: row.emailed_at, subject: row.email_subject ?? '', text: row.email_text ?? '' } : null,
  alertError: row.alert_error,
  notes: row.notes,
});

/** A follow-up with the response it follows. */
export interface Complaint {
  followup: Followup;
  response: StoredResponse;
}

// The two tables share no column name: one flat row holds both.
const complaintRow = followupFields.extend(responseFields.shape).transform((row): Complaint => ({ followup: toFollowup(row), response: toResponse(row) }));
const complaintSelect = `SELECT ${followupColumns}, ${responseColumns} FROM followups f JOIN responses r ON r.id = f.response_id`;

/**
 * One tab of the follow-up list, a page at a time: one status, newest first; without one, everything still to
 * do, open ones first.
 * @example await complaintsPage(db, undefined, { skip: 0, limit: 20 })
 */
export function complaintsPage(db: Db, status: FollowupStatus | undefined, page: { skip: number; limit: number }): Promise<Complaint[]> {
  return rows(
    db,
    complaintRow,
    `${complaintSelect}
     WHERE CASE WHEN $1::text IS NULL THEN f.status <> 'resolved' ELSE f.status = $1 END
     ORDER BY f.status = 'open' DESC, f.created_at DESC, f.response_id DESC LIMIT $2 OFFSET $3`,
    [status ?? null, page.limit, page.skip],
  );
}

/** One complaint by id, or undefined. @example await findComplaint(db, id) */
export async function findComplaint(db: Db, id: string): Promise<Complaint | undefined> {
  if (!isResponseId(id)) return undefined;
  return firstRow(db, complaintRow, `${complaintSelect} WHERE f.response_id = $1`, [id]);
}

// A new status and a note in one statement. A complaint is contacted once (the first time counts, kept if it
// is reopened); resolved_at is the latest resolution, cleared when it is reopened.
const updateFollowupSql = `
  WITH target AS (SELECT response_id FROM followups WHERE response_id = $1),
  changed AS (
    UPDATE followups f SET
      status = $2,
      contacted_at = CASE WHEN $2 = 'open' THEN f.contacted_at ELSE coalesce(f.contacted_at, $3) END,
      resolved_at = CASE WHEN $2 = 'resolved' THEN coalesce(f.resolved_at, $3) END
    FROM target WHERE f.response_id = target.response_id AND $2::text IS NOT NULL
  ),
  noted AS (
    INSERT INTO followup_notes (response_id, at, text) SELECT response_id, $3, $4 FROM target WHERE $4::text IS NOT NULL
  )
  SELECT response_id FROM target`;

/**
 * Sets a follow-up's status and/or adds a note; false when there is no such follow-up.
 * @example await updateFollowup(db, id, { status: 'contacted', note: 'Called her' }, now)
 */
export async function updateFollowup(db: Db, id: string, change: { status?: FollowupStatus | undefined; note?: string | undefined }, at: Date): Promise<boolean> {
  if (!isResponseId(id)) return false;
  return (await db.query(updateFollowupSql, [id, change.status ?? null, at, change.note ?? null])).length > 0;
}

// Takes the follow-up email's send for one request: none emailed yet, an address to write to, and no other
// request sending it (or one that started over five minutes ago and died). On Postgres, a second UPDATE of the
// row waits for the first and re-checks its WHERE on the row as the first left it: one claim wins.
const claimEmailSql = `
  UPDATE followups f SET email_claimed_at = $2
  FROM responses r
  WHERE f.response_id = $1 AND r.id = f.response_id AND r.contact_email IS NOT NULL AND f.emailed_at IS NULL
    AND (f.email_claimed_at IS NULL OR f.email_claimed_at < $2::timestamptz - interval '5 minutes')
  RETURNING r.contact_email AS email`;

/** Claims the follow-up email's send: the address to send to, or undefined when it is sent, being sent or impossible. */
export async function claimFollowupEmail(db: Db, id: string, at: Date): Promise<string | undefined> {
  if (!isResponseId(id)) return undefined;
  return (await firstRow(db, z.object({ email: z.string() }), claimEmailSql, [id, at]))?.email;
}

/** Records the follow-up email as sent (once) with its text; an open complaint becomes contacted. */
export async function markFollowupEmailed(db: Db, id: string, at: Date, email: { subject: string; text: string }): Promise<void> {
  await db.query(
    `UPDATE followups SET
       emailed_at = coalesce(emailed_at, $2), email_subject = coalesce(email_subject, $3), email_text = coalesce(email_text, $4),
       status = CASE WHEN status = 'open' THEN 'contacted' ELSE status END, contacted_at = coalesce(contacted_at, $2), email_claimed_at = NULL
     WHERE response_id = $1`,
    [id, at, email.subject, email.text],
  );
}

/** Gives the claim back after a send that failed, so the owner can try again at once. */
export async function releaseFollowupEmail(db: Db, id: string): Promise<void> {
  await db.query('UPDATE followups SET email_claimed_at = NULL WHERE response_id = $1 AND emailed_at IS NULL', [id]);
}

// ---- Exports: keyset pages ----------------------------------------------------------------------------

// The shop's local time of an instant, as a spreadsheet reads it.
const localTime = (column: string, tz: number) => `to_char(${column} AT TIME ZONE $${tz}, 'YYYY-MM-DD HH24:MI:SS')`;

/**
 * Every response of some days, oldest first, with its local time, read a keyset page at a time (src/db/pages.ts).
 * @example for await (const response of responsesToExport(db, { from: '2026-04-01', tz })) …
 */
export function responsesToExport(db: Db, days: Days): AsyncGenerator<StoredResponse & { localTime: string }> {
  return keysetRows(
    db,
    responseFields.extend({ local_time: z.string() }).transform((row) => ({ ...toResponse(row), localTime: row.local_time })),
    `SELECT ${responseColumns}, ${localTime('r.submitted_at', 5)} AS local_time FROM responses r
     WHERE ($1::timestamptz IS NULL OR (r.submitted_at, r.id) > ($1, $2::uuid)) AND ${withinDays('r.submitted_at', 3, 4, 5)}
     ORDER BY r.submitted_at, r.id LIMIT $6`,
    [days.from ?? null, days.to ?? null, days.tz],
    (response) => [response.submittedAt, response.id],
  );
}

/** A complaint as the export lists it: times already in the shop's clock. */
export interface ExportedComplaint extends Complaint {
  /** Times in the shop's clock; the notes one a line, each after its time. */
  local: { created: string; contacted: string | null; resolved: string | null; emailed: string | null; notes: string | null };
  hoursToFirstContact: number | null;
}

/**
 * Every complaint received in some days, oldest first, read a keyset page at a time.
 * @example for await (const complaint of complaintsToExport(db, { tz: 'Europe/Madrid' })) …
 */
export function complaintsToExport(db: Db, days: Days): AsyncGenerator<ExportedComplaint> {
  const local = z.string().nullable();
  return keysetRows(
    db,
    followupFields.extend(responseFields.shape).extend({ created: z.string(), contacted: local, resolved: local, emailed: local, notes_text: local, hours: z.number().nullable() }).transform((row) => ({
      followup: toFollowup(row),
      response: toResponse(row),
      local: { created: row.created, contacted: row.contacted, resolved: row.resolved, emailed: row.emailed, notes: row.notes_text },
      hoursToFirstContact: row.hours,
    })),
    `SELECT ${followupColumns}, ${responseColumns},
       ${localTime('f.created_at', 5)} AS created, ${localTime('f.contacted_at', 5)} AS contacted,
       ${localTime('f.resolved_at', 5)} AS resolved, ${localTime('f.emailed_at', 5)} AS emailed,
       (SELECT string_agg(${localTime('n.at', 5)} || ' ' || n.text, E'\n' ORDER BY n.at, n.id) FROM followup_notes n WHERE n.response_id = f.response_id) AS notes_text,
       round(extract(epoch FROM f.contacted_at - f.created_at) / 3600, 1)::float8 AS hours
     FROM followups f JOIN responses r ON r.id = f.response_id
     WHERE ($1::timestamptz IS NULL OR (f.created_at, f.response_id) > ($1, $2::uuid)) AND ${withinDays('f.created_at', 3, 4, 5)}
     ORDER BY f.created_at, f.response_id LIMIT $6`,
    [days.from ?? null, days.to ?? null, days.tz],
    (complaint) => [complaint.followup.createdAt, complaint.followup.id],
  );
}
