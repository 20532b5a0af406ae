import { z } from 'zod';
import { rows, type Db } from '../db/db.ts';

/**
 * Everything stored about an address, and its erasure. Addresses are stored normalised, so equality finds them;
 * free text is searched for the address as a substring, then checked whole in code (ana@x.com is not juana@x.com).
 */

const date = z.coerce.date();
const maybeDate = date.nullable();
const text = z.string().nullable();

export const registrationRow = z.object({
  card_id: z.string(), name: z.string(), email: z.string(), birthday_day: z.number().nullable(), birthday_month: z.number().nullable(),
  locale: z.string(), newsletter: z.boolean(), registered_at: date, updated_at: date,
  events: z.array(z.object({ type: z.string(), at: date })),
});
export const responseRow = z.object({
  id: z.string(), survey: z.string(), locale: z.string(), location: text, product: text, answers: z.record(z.string(), z.unknown()),
  submitted_at: date, complaint: z.boolean(), contact_name: text, contact_email: text, contact_phone: text, contact_locale: text,
});
export const followupRow = z.object({
  id: z.string(), status: z.string(), created_at: date, contacted_at: maybeDate, resolved_at: maybeDate, emailed_at: maybeDate,
  email_subject: text, email_text: text, contact_email: text, notes: z.array(z.object({ id: z.coerce.number(), at: date, text: z.string() })),
});
export const greetingRow = z.object({ year: z.number(), status: z.string(), at: date });
export const sendRow = z.object({ issue: z.string(), status: z.string(), sent_at: maybeDate, error: text });
export const suppressionRow = z.object({ reason: z.enum(['bounced', 'complained']), at: date, detail: text, issue: text });
export const winBackRow = z.object({ lapse_from: date, status: z.string(), at: date });

/** The cards registered to this address, each with its stamps and redemptions. */
export const registrationsOf = (db: Db, email: string) =>
  rows(db, registrationRow, `
    SELECT r.*, coalesce((SELECT json_agg(json_build_object('type', e.type, 'at', e.at) ORDER BY e.at) FROM card_events e WHERE e.card_id = r.card_id), '[]') AS events
    FROM card_registrations r WHERE r.email = $1 ORDER BY r.registered_at`, [email]);

/** Responses that left this address to be contacted, or hold it somewhere in their answers (checked whole by the caller). */
export const responsesMentioning = (db: Db, email: string) =>
  rows(db, responseRow, `
    SELECT id::text, survey, locale, location, product, answers, submitted_at, complaint, contact_name, contact_email, contact_phone, contact_locale
    FROM responses WHERE contact_email = $1 OR strpos(lower(answers::text), $1) > 0 ORDER BY submitted_at`, [email]);

/** Follow-ups of a response with this contact, or whose notes mention it (checked whole by the caller). */
export const followupsMentioning = (db: Db, email: string) =>
  rows(db, followupRow, `
    SELECT f.response_id::text AS id, f.status, f.created_at, f.contacted_at, f.resolved_at, f.emailed_at, f.email_subject, f.email_text, r.contact_email,
      coalesce((SELECT json_agg(json_build_object('id', n.id, 'at', n.at, 'text', n.text) ORDER BY n.at) FROM followup_notes n WHERE n.response_id = f.response_id), '[]') AS notes
    FROM followups f JOIN responses r ON r.id = f.response_id
    WHERE r.contact_email = $1 OR EXISTS (SELECT 1 FROM followup_notes n WHERE n.response_id = f.response_id AND strpos(lower(n.text), $1) > 0)
    ORDER BY f.created_at DESC`, [email]);

export const greetingsTo = (db: Db, email: string) => rows(db, greetingRow, 'SELECT year, status, at FROM birthday_greetings WHERE email = $1 ORDER BY year', [email]);
export const sendsTo = (db: Db, email: string) => rows(db, sendRow, 'SELECT issue, status, sent_at, error FROM newsletter_sends WHERE email = $1 ORDER BY issue', [email]);
export const suppressionOf = (db: Db, email: string) => rows(db, suppressionRow, 'SELECT reason, at, detail, issue FROM suppressions WHERE email = $1', [email]);
export const winBacksTo = (db: Db, email: string) => rows(db, winBackRow, 'SELECT lapse_from, status, at FROM win_back_sends WHERE email = $1 ORDER BY lapse_from', [email]);

export const erasedCounts = z.object({
  subscriber: z.number(), registrations: z.number(), registrationChanges: z.number(), responseContacts: z.number(), answersScrubbed: z.number(), followupEmails: z.number(), responsesChanged: z.number(),
  notesScrubbed: z.number(), birthdayGreetings: z.number(), newsletterSends: z.number(), suppressedAddress: z.number(), winBackSends: z.number(),
});
export type ErasedCounts = z.infer<typeof erasedCounts>;

/**
 * Erases a person in ONE statement, so it is all done or none, and a record written meanwhile is erased or written
 * after: their contact on responses (anonymous answers and stamps stay, so figures do not change), the scrubbed
 * answers and notes ($3, $4), and every row keyed by the address; then logs it with a keyed hash ($2) and the counts.
 */
const eraseStatement = `
  WITH
    -- One UPDATE per table: a statement may change a row once. Counted from the snapshot before it.
    had_contact AS (SELECT count(*) AS n FROM responses WHERE contact_email = $1),
    scrubbed AS (SELECT * FROM jsonb_to_recordset($3::jsonb) AS s(id uuid, answers jsonb)),
    responses_done AS (
      UPDATE responses r SET
        answers = coalesce((SELECT s.answers FROM scrubbed s WHERE s.id = r.id), r.answers),
        contact_name = CASE WHEN r.contact_email = $1 THEN NULL ELSE r.contact_name END,
        contact_phone = CASE WHEN r.contact_email = $1 THEN NULL ELSE r.contact_phone END,
        contact_locale = CASE WHEN r.contact_email = $1 THEN NULL ELSE r.contact_locale END,
        contact_email = CASE WHEN r.contact_email = $1 THEN NULL ELSE r.contact_email END
      WHERE r.contact_email = $1 OR r.id IN (SELECT id FROM scrubbed) RETURNING 1),
    -- The follow-up email the owner wrote to them names them: it goes with their contact details.
    followup_emails AS (
      UPDATE followups SET email_subject = NULL, email_text = NULL
      WHERE response_id IN (SELECT id FROM responses WHERE contact_email = $1) AND (email_subject IS NOT NULL OR email_text IS NOT NULL)
      RETURNING 1),
    notes AS (
      UPDATE followup_notes n SET text = s.text FROM jsonb_to_recordset($4::jsonb) AS s(id bigint, text text)
      WHERE n.id = s.id RETURNING 1),
    subscriber AS (DELETE FROM subscribers WHERE email = $1 RETURNING 1),
    registrations AS (DELETE FROM card_registrations WHERE email = $1 RETURNING card_id),
    changes AS (
      DELETE FROM card_registration_changes
      WHERE lower(details->>'email') = $1 OR card_id IN (SELECT card_id FROM card_registrations WHERE email = $1) RETURNING 1),
    greetings AS (DELETE FROM birthday_greetings WHERE email = $1 RETURNING 1),
    sends AS (DELETE FROM newsletter_sends WHERE email = $1 RETURNING 1),
    suppression AS (DELETE FROM suppressions WHERE email = $1 RETURNING 1),
    win_backs AS (DELETE FROM win_back_sends WHERE email = $1 RETURNING 1),
    counts AS (
      SELECT jsonb_build_object(
        'subscriber', (SELECT count(*) FROM subscriber), 'registrations', (SELECT count(*) FROM registrations),
        'registrationChanges', (SELECT count(*) FROM changes), 'responseContacts', (SELECT n FROM had_contact),
        'answersScrubbed', (SELECT count(*) FROM scrubbed), 'followupEmails', (SELECT count(*) FROM followup_emails), 'responsesChanged', (SELECT count(*) FROM responses_done), 'notesScrubbed', (SELECT count(*) FROM notes),
        'birthdayGreetings', (SELECT count(*) FROM greetings), 'newsletterSends', (SELECT count(*) FROM sends),
        'suppressedAddress', (SELECT count(*) FROM suppression), 'winBackSends', (SELECT count(*) FROM win_backs)) AS erased)
  INSERT INTO erasures (at, person, erased) SELECT $5, $2, erased FROM counts
  RETURNING erased`;

/** Runs the erasure; returns what it removed, in numbers. */
export async function eraseAll(db: Db, input: { email: string; person: string; answers: { id: string; answers: unknown }[]; notes: { id: number; text: string }[]; at: Date }): Promise<ErasedCounts> {
  const [row] = await rows(db, z.object({ erased: erasedCounts }), eraseStatement, [input.email, input.person, JSON.stringify(input.answers), JSON.stringify(input.notes), input.at]);
  return row!.erased;
}

export const erasureRow = z.object({ at: date, person: z.string(), erased: erasedCounts.partial() });
export type Erasure = z.infer<typeof erasureRow>;

/** The latest erasures, newest first (one page). */
export const latestErasures = (db: Db, limit = 50) => rows(db, erasureRow, 'SELECT at, person, erased FROM erasures ORDER BY at DESC, id DESC LIMIT $1', [limit]);
