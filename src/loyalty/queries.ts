import { z } from 'zod';
import { firstRow, rows, type Db } from '../db/db.ts';
import { locales } from '../i18n/locales.ts';
import type { CardEvent, CardEventType } from './card.ts';
import type { Registration, RegistrationDetails } from './registration.ts';

/**
 * The loyalty feature's SQL (netlify/database/migrations/0002_loyalty.sql): what must happen once is one statement
 * backed by a constraint; every figure is counted here, in the shop's time zone.
 */

const at = z.coerce.date();
const iso = at.transform((date) => date.toISOString());
const count = z.coerce.number().int();

/**
 * Adds the card's next stamp if the programme's limits allow it at `at`, and creates the card's row on its
 * first use. seq is the card's last stamp + 1: of two simultaneous stamps only one gets UNIQUE (card_id, type,
 * seq), the other inserts nothing (ON CONFLICT DO NOTHING). The limits are checked on the stamps the statement
 * sees, which are all those before this seq. A key already on the card inserts nothing.
 */
export async function insertStamp(
  db: Db,
  stamp: { card: string; key: string; at: Date; minutesBetweenStamps: number; maxStampsPerDay: number; timeZone: string },
): Promise<number | undefined> {
  const row = await firstRow(
    db,
    z.object({ seq: count }),
    `WITH card AS (
       INSERT INTO cards (id, origin, created_at) VALUES ($1, 'printed', $3) ON CONFLICT (id) DO NOTHING
     ), stamps AS (
       SELECT coalesce(max(seq), 0) AS last_seq, max(at) AS last_at,
              count(*) FILTER (WHERE (at AT TIME ZONE $6)::date = ($3::timestamptz AT TIME ZONE $6)::date) AS today
       FROM card_events WHERE card_id = $1 AND type = 'stamp'
     )
     INSERT INTO card_events (card_id, type, seq, at, idempotency_key)
     SELECT $1, 'stamp', last_seq + 1, $3, $2 FROM stamps
     WHERE (last_at IS NULL OR last_at <= $3::timestamptz - make_interval(mins => $4::int))
       AND today < $5::int
       AND NOT EXISTS (SELECT 1 FROM card_events WHERE card_id = $1 AND idempotency_key = $2)
     ON CONFLICT DO NOTHING
     RETURNING seq`,
    [stamp.card, stamp.key, stamp.at, stamp.minutesBetweenStamps, stamp.maxStampsPerDay, stamp.timeZone],
  );
  return row?.seq;
}

/**
 * Redeems the card's next reward: redemption n+1 only while n+1 ≤ floor(stamps / stampsPerReward), and once
 * (UNIQUE (card_id, type, seq): of two staff redeeming the last reward at once, one inserts nothing).
 */
export async function insertRedemption(db: Db, redemption: { card: string; key: string; at: Date; stampsPerReward: number }): Promise<number | undefined> {
  const row = await firstRow(
    db,
    z.object({ seq: count }),
    `INSERT INTO card_events (card_id, type, seq, at, idempotency_key)
     SELECT $1, 'redeem', redeemed + 1, $3, $2
     FROM (SELECT count(*) FILTER (WHERE type = 'stamp') AS stamps,
                  coalesce(max(seq) FILTER (WHERE type = 'redeem'), 0) AS redeemed,
                  count(*) FILTER (WHERE idempotency_key = $2) AS repeated
           FROM card_events WHERE card_id = $1) AS card
     WHERE redeemed + 1 <= stamps / $4::int AND repeated = 0
     ON CONFLICT DO NOTHING
     RETURNING seq`,
    [redemption.card, redemption.key, redemption.at, redemption.stampsPerReward],
  );
  return row?.seq;
}

/**
 * One card's stamps and redemptions, oldest first.
 * @example cardBalance(await cardHistory(db, 'K7M2Q9XA'), programme)
 */
export function cardHistory(db: Db, card: string): Promise<CardEvent[]> {
  return rows(
    db,
    z.object({ type: z.enum(['stamp', 'redeem']), at: iso, key: z.string() }),
    `SELECT type, at, idempotency_key AS key FROM card_events WHERE card_id = $1 ORDER BY at, id`,
    [card],
  );
}

/**
 * A card's history as the owner reads it: each event with the stamps collected so far.
 * @example (await historyWithTotals(db, 'K7M2Q9XA')).at(-1)?.stamps → 9
 */
export function historyWithTotals(db: Db, card: string): Promise<{ type: CardEventType; at: Date; stamps: number }[]> {
  return rows(
    db,
    z.object({ type: z.enum(['stamp', 'redeem']), at, stamps: count }),
    `SELECT type, at, count(*) FILTER (WHERE type = 'stamp') OVER (ORDER BY at, id) AS stamps
     FROM card_events WHERE card_id = $1 ORDER BY at, id`,
    [card],
  );
}

const batchRow = z.object({ id: z.string(), number: count, count, created_at: at }).transform(({ created_at, ...batch }) => ({ ...batch, createdAt: created_at }));
export type Batch = z.output<typeof batchRow>;

/**
 * Records a batch numbered after the last one. Two batches made at once compute the same number: the second
 * inserts nothing (UNIQUE number) and the caller tries again.
 */
export function insertBatch(db: Db, batch: { id: string; count: number; at: Date }): Promise<Batch | undefined> {
  return firstRow(
    db,
    batchRow,
    `INSERT INTO card_batches (id, number, count, created_at)
     SELECT $1, coalesce(max(number), 0) + 1, $2, $3 FROM card_batches
     ON CONFLICT DO NOTHING
     RETURNING id, number, count, created_at`,
    [batch.id, batch.count, batch.at],
  );
}

/**
 * Every batch, oldest first (print runs: a few a year).
 * @example (await listBatches(db)).map((batch) => batch.number) → [1, 2]
 */
export function listBatches(db: Db): Promise<Batch[]> {
  return rows(db, batchRow, `SELECT id, number, count, created_at FROM card_batches ORDER BY number`);
}

/** One batch by id, to print it again. */
export function findBatch(db: Db, id: string): Promise<Batch | undefined> {
  return firstRow(db, batchRow, `SELECT id, number, count, created_at FROM card_batches WHERE id = $1`, [id]);
}

/** Records a card started on a phone; false if the random id is taken (the caller draws another). */
export async function insertDigitalCard(db: Db, card: { card: string; locale: string; at: Date }): Promise<boolean> {
  const made = await db.query(`INSERT INTO cards (id, origin, locale, created_at) VALUES ($1, 'digital', $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`, [card.card, card.locale, card.at]);
  return made.length > 0;
}

/**
 * How many of these cards were started on a phone (the others are printed).
 * @example await digitalAmong(db, ['K7M2Q9XA', 'PRNT0001']) → 1
 */
export async function digitalAmong(db: Db, cards: readonly string[]): Promise<number> {
  const row = await firstRow(db, z.object({ n: count }), `SELECT count(*) AS n FROM cards WHERE origin = 'digital' AND id = ANY($1::text[])`, [[...cards]]);
  return row?.n ?? 0;
}

/** A registration's details travel as one jsonb parameter whose keys are the columns (also how a pending change keeps them). */
const detailsColumns = (details: RegistrationDetails) => ({
  name: details.name,
  email: details.email,
  birthday_day: details.birthday?.day ?? null,
  birthday_month: details.birthday?.month ?? null,
  locale: details.language,
  newsletter: details.newsletter,
});
// …read back as columns `d.*` with jsonb_to_record(…) ${asColumns}, set on a registration `r`, or compared with it.
const asColumns = `AS d(name text, email text, birthday_day smallint, birthday_month smallint, locale text, newsletter boolean)`;
const setDetails = `name = d.name, email = d.email, birthday_day = d.birthday_day, birthday_month = d.birthday_month, locale = d.locale, newsletter = d.newsletter`;
const detailsDiffer = `(r.name, r.email, r.birthday_day, r.birthday_month, r.locale, r.newsletter)
             IS DISTINCT FROM (d.name, d.email, d.birthday_day, d.birthday_month, d.locale, d.newsletter)`;

const detailsShape = {
  name: z.string(),
  email: z.string(),
  birthday_day: z.number().nullable(),
  birthday_month: z.number().nullable(),
  locale: z.enum(locales),
  newsletter: z.boolean(),
};
const detailsOf = (row: z.infer<z.ZodObject<typeof detailsShape>>): RegistrationDetails => ({
  name: row.name,
  email: row.email,
  birthday: row.birthday_day !== null && row.birthday_month !== null ? { day: row.birthday_day, month: row.birthday_month } : null,
  language: row.locale,
  newsletter: row.newsletter,
});

const registrationColumns = `card_id, name, email, birthday_day, birthday_month, locale, newsletter, registered_at, updated_at`;
const registrationRow = z
  .object({ card_id: z.string(), ...detailsShape, registered_at: at, updated_at: at })
  .transform((row): Registration => ({ card: row.card_id, ...detailsOf(row), registeredAt: row.registered_at, updatedAt: row.updated_at }));

/** Whom a card was registered to before a change (a CTE `previous` of the registration), as its notice needs them. */
const previousColumns = `previous.name AS previous_name, previous.email AS previous_email, previous.locale AS previous_locale`;
const previousRow = z.object({ previous_name: z.string(), previous_email: z.string(), previous_locale: z.enum(locales) });
export type PreviousHolder = { name: string; email: string; language: Registration['language'] };
const previousOf = (row: z.infer<typeof previousRow>): PreviousHolder => ({ name: row.previous_name, email: row.previous_email, language: row.previous_locale });

/**
 * The registration of one card, if its customer registered it.
 * @example (await cardRegistration(db, 'K7M2Q9XA'))?.email
 */
export function cardRegistration(db: Db, card: string): Promise<Registration | undefined> {
  return firstRow(db, registrationRow, `SELECT ${registrationColumns} FROM card_registrations WHERE card_id = $1`, [card]);
}

/**
 * Registers a card that has no registration yet (creating its row if it was never used); undefined when it
 * has one, which only its registered address or staff may change.
 */
export function insertFirstRegistration(db: Db, card: string, details: RegistrationDetails, now: Date): Promise<Registration | undefined> {
  return firstRow(
    db,
    registrationRow,
    `WITH card AS (
       INSERT INTO cards (id, origin, created_at) VALUES ($1, 'printed', $3) ON CONFLICT (id) DO NOTHING
     )
     INSERT INTO card_registrations (${registrationColumns})
     SELECT $1, d.*, $3, $3 FROM jsonb_to_record($2::jsonb) ${asColumns}
     ON CONFLICT (card_id) DO NOTHING
     RETURNING ${registrationColumns}`,
    [card, detailsColumns(details), now],
  );
}

/**
 * Replaces a registered card's details at once (staff at the counter vouch for the customer) and drops the
 * card's pending changes. Answers the registration and whom it was registered to, or undefined when the
 * details are already those (or the card is not registered).
 */
export async function changeRegistration(db: Db, card: string, details: RegistrationDetails, now: Date): Promise<{ registration: Registration; previous: PreviousHolder } | undefined> {
  const row = await firstRow(
    db,
    z.object({ registration: z.unknown() }).and(previousRow),
    `WITH previous AS (
       SELECT card_id, name, email, locale FROM card_registrations WHERE card_id = $1
     ), dropped AS (
       DELETE FROM card_registration_changes WHERE card_id = $1
     ), changed AS (
       UPDATE card_registrations r SET ${setDetails}, updated_at = $3
       FROM jsonb_to_record($2::jsonb) ${asColumns}
       WHERE r.card_id = $1 AND ${detailsDiffer}
       RETURNING r.*
     )
     SELECT to_jsonb(changed) AS registration, ${previousColumns} FROM changed JOIN previous USING (card_id)`,
    [card, detailsColumns(details), now],
  );
  return row && { registration: registrationRow.parse(row.registration), previous: previousOf(row) };
}

/**
 * Files a change of a registered card's details, to apply once its registered address confirms it: only the
 * token's hash is kept, the card's earlier requests and every expired one go. Answers the registered address
 * to write to, or undefined when the details are already those (or the card is not registered).
 */
export async function requestRegistrationChange(
  db: Db,
  change: { card: string; details: RegistrationDetails; tokenHash: string; now: Date; expiresAt: Date },
): Promise<PreviousHolder | undefined> {
  const row = await firstRow(
    db,
    previousRow,
    `WITH previous AS (
       SELECT r.card_id, r.name, r.email, r.locale FROM card_registrations r, jsonb_to_record($2::jsonb) ${asColumns}
       WHERE r.card_id = $1 AND ${detailsDiffer}
     ), dropped AS (
       DELETE FROM card_registration_changes WHERE expires_at <= $4 OR card_id IN (SELECT card_id FROM previous)
     ), requested AS (
       INSERT INTO card_registration_changes (token_hash, card_id, details, requested_at, expires_at)
       SELECT $3, card_id, $2::jsonb, $4, $5 FROM previous
       RETURNING card_id
     )
     SELECT ${previousColumns} FROM previous JOIN requested USING (card_id)`,
    [change.card, detailsColumns(change.details), change.tokenHash, change.now, change.expiresAt],
  );
  return row && previousOf(row);
}

/** A change still waiting for confirmation (its link not used, not expired): the card and the new details. */
export function pendingRegistrationChange(db: Db, tokenHash: string, now: Date): Promise<{ card: string; details: RegistrationDetails } | undefined> {
  return firstRow(
    db,
    z.object({ card_id: z.string(), ...detailsShape }).transform((row) => ({ card: row.card_id, details: detailsOf(row) })),
    `SELECT c.card_id, d.* FROM card_registration_changes c, jsonb_to_record(c.details) ${asColumns}
     WHERE c.token_hash = $1 AND c.expires_at > $2`,
    [tokenHash, now],
  );
}

/**
 * Applies a confirmed change, once: the DELETE claims the request (of two clicks at once, the second finds
 * nothing), and the same statement updates the registration. Answers it, and whom it was registered to.
 */
export async function applyRegistrationChange(db: Db, tokenHash: string, now: Date): Promise<{ registration: Registration; previous: PreviousHolder } | undefined> {
  const row = await firstRow(
    db,
    z.object({ registration: z.unknown() }).and(previousRow),
    `WITH claimed AS (
       DELETE FROM card_registration_changes WHERE token_hash = $1 AND expires_at > $2 RETURNING card_id, details
     ), previous AS (
       SELECT r.card_id, r.name, r.email, r.locale FROM card_registrations r JOIN claimed USING (card_id)
     ), applied AS (
       UPDATE card_registrations r SET ${setDetails}, updated_at = $2
       FROM claimed c, jsonb_to_record(c.details) ${asColumns}
       WHERE r.card_id = c.card_id
       RETURNING r.*
     )
     SELECT to_jsonb(applied) AS registration, ${previousColumns} FROM applied JOIN previous USING (card_id)`,
    [tokenHash, now],
  );
  return row && { registration: registrationRow.parse(row.registration), previous: previousOf(row) };
}

/** Figures of one kind of card: printed (paper batches) or digital (started on a phone). */
export interface OriginFigures {
  /** Printed: cards in the batches; digital: cards started. */
  issued: number;
  inUse: number;
  activeRecently: number;
  stamps: number;
  earned: number;
  redeemed: number;
  /** Cards added to Apple or Google Wallet. */
  inWallet: number;
}

/**
 * Cards in use (stamped or redeemed at least once), active since `recentSince`, stamps, rewards earned (each
 * card's stamps / stampsPerReward, rounded down) and redeemed, by origin; cards issued by origin.
 */
export async function originFigures(
  db: Db,
  input: { stampsPerReward: number; recentSince: Date },
): Promise<Record<'printed' | 'digital', Omit<OriginFigures, 'inWallet'>> & { batches: number }> {
  const found = await rows(
    db,
    z.object({ origin: z.enum(['printed', 'digital']), issued: count, batches: count, in_use: count, active: count, stamps: count, earned: count, redeemed: count }),
    `WITH per_card AS (
       SELECT card_id, count(*) FILTER (WHERE type = 'stamp') AS stamps, count(*) FILTER (WHERE type = 'redeem') AS redeemed, max(at) AS last
       FROM card_events GROUP BY card_id
     ), used AS (
       SELECT c.origin, count(*) AS in_use, count(*) FILTER (WHERE p.last >= $2) AS active, sum(p.stamps) AS stamps,
              sum(p.stamps / $1::int) AS earned, sum(p.redeemed) AS redeemed
       FROM per_card p JOIN cards c ON c.id = p.card_id GROUP BY c.origin
     ), issued AS (
       SELECT 'printed' AS origin, coalesce(sum(count), 0) AS issued, count(*) AS batches FROM card_batches
       UNION ALL SELECT 'digital', count(*), 0 FROM cards WHERE origin = 'digital'
     )
     SELECT i.origin, i.issued, i.batches, coalesce(u.in_use, 0) AS in_use, coalesce(u.active, 0) AS active, coalesce(u.stamps, 0) AS stamps,
            coalesce(u.earned, 0) AS earned, coalesce(u.redeemed, 0) AS redeemed
     FROM issued i LEFT JOIN used u ON u.origin = i.origin`,
    [input.stampsPerReward, input.recentSince],
  );
  const of = (origin: 'printed' | 'digital') => {
    const row = found.find((entry) => entry.origin === origin)!;
    return { issued: row.issued, inUse: row.in_use, activeRecently: row.active, stamps: row.stamps, earned: row.earned, redeemed: row.redeemed };
  };
  return { printed: of('printed'), digital: of('digital'), batches: found.find((entry) => entry.origin === 'printed')!.batches };
}

/**
 * Registered members, and those who ticked the newsletter.
 * @example await memberCounts(db) → { members: 120, newsletter: 45 }
 */
export async function memberCounts(db: Db): Promise<{ members: number; newsletter: number }> {
  const row = await firstRow(db, z.object({ members: count, newsletter: count }), `SELECT count(*) AS members, count(*) FILTER (WHERE newsletter) AS newsletter FROM card_registrations`);
  return row ?? { members: 0, newsletter: 0 };
}

/**
 * Stamps and redemptions per week (from Monday) or month, by the shop's calendar, between two days
 * (`2026-09-07` to `2026-11-26`, inclusive); periods without any are absent.
 */
export function activityByPeriod(db: Db, input: { from: string; to: string; unit: 'day' | 'week' | 'month'; timeZone: string }): Promise<{ start: string; stamps: number; redeems: number }[]> {
  return rows(
    db,
    z.object({ start: z.string(), stamps: count, redeems: count }),
    `SELECT to_char(date_trunc($3, at AT TIME ZONE $4), 'YYYY-MM-DD') AS start,
            count(*) FILTER (WHERE type = 'stamp') AS stamps, count(*) FILTER (WHERE type = 'redeem') AS redeems
     FROM card_events
     WHERE at >= ($1::date)::timestamp AT TIME ZONE $4 AND at < ($2::date + 1)::timestamp AT TIME ZONE $4
     GROUP BY 1 ORDER BY 1`,
    [input.from, input.to, input.unit, input.timeZone],
  );
}

/** One row of the owner's cards table. */
export interface CardRow {
  card: string;
  stamps: number;
  earned: number;
  redeemed: number;
  last: Date;
  /** The registered customer's name, if any. */
  member: string | null;
}

/**
 * A page of the cards in use, the most recently used first (cards used at the same instant by id, so pages
 * never shuffle), with their balances and members' names.
 */
export function cardsByLastUse(db: Db, input: { stampsPerReward: number; limit: number; offset: number }): Promise<CardRow[]> {
  return rows(
    db,
    z.object({ card_id: z.string(), stamps: count, earned: count, redeemed: count, last: at, member: z.string().nullable() }).transform(({ card_id, ...row }) => ({ card: card_id, ...row })),
    `WITH page AS (
       SELECT card_id, count(*) FILTER (WHERE type = 'stamp') AS stamps, count(*) FILTER (WHERE type = 'redeem') AS redeemed, max(at) AS last
       FROM card_events GROUP BY card_id ORDER BY last DESC, card_id LIMIT $2 OFFSET $3
     )
     SELECT p.card_id, p.stamps, p.stamps / $1::int AS earned, p.redeemed, p.last, r.name AS member
     FROM page p LEFT JOIN card_registrations r ON r.card_id = p.card_id
     ORDER BY p.last DESC, p.card_id`,
    [input.stampsPerReward, input.limit, input.offset],
  );
}

/** A registered address to greet: one per address, whatever its number of cards. */
export interface BirthdayContact {
  email: string;
  name: string;
  language: Registration['language'];
  /** Unsubscribed from the shop's emails, or reported as bounced: never greeted. */
  unsubscribed: boolean;
}

/**
 * The addresses with a birthday on one of `dates`, and those whose greeting of `year` a run left half-sent
 * ('sending'), each once (its earliest registration's name and language).
 */
export function birthdaysDue(db: Db, input: { year: number; dates: { month: number; day: number }[] }): Promise<BirthdayContact[]> {
  return rows(
    db,
    z.object({ email: z.string(), name: z.string(), locale: z.enum(locales), unsubscribed: z.boolean() }).transform(({ locale, ...row }) => ({ ...row, language: locale })),
    `WITH due AS (
       SELECT r.email, r.name, r.locale, r.registered_at FROM card_registrations r
       JOIN unnest($2::int[], $3::int[]) AS b(month, day) ON r.birthday_month = b.month AND r.birthday_day = b.day
       UNION ALL
       SELECT r.email, r.name, r.locale, r.registered_at FROM birthday_greetings g JOIN card_registrations r ON r.email = g.email
       WHERE g.year = $1 AND g.status = 'sending'
     ), contacts AS (
       SELECT DISTINCT ON (email) email, name, locale FROM due ORDER BY email, registered_at
     )
     SELECT c.email, c.name, c.locale,
            EXISTS (SELECT 1 FROM subscribers s WHERE s.email = c.email AND s.status = 'unsubscribed')
              OR EXISTS (SELECT 1 FROM suppressions x WHERE x.email = c.email) AS unsubscribed
     FROM contacts c ORDER BY c.email`,
    [input.year, input.dates.map((date) => date.month), input.dates.map((date) => date.day)],
  );
}

/**
 * Claims an address's greeting of the year before it is sent (PRIMARY KEY (year, email)): a new one, or one a
 * run left 'sending' before `staleBefore` (so two runs at once never both take it). False: greeted already.
 * @example if (await claimGreeting(db, { year: 2026, email, locale: 'es', key, now, staleBefore })) await send()
 */
export async function claimGreeting(db: Db, greeting: { year: number; email: string; locale: string; key: string; now: Date; staleBefore: Date }): Promise<boolean> {
  const claimed = await db.query(
    `INSERT INTO birthday_greetings AS g (year, email, locale, status, key, at) VALUES ($1, $2, $3, 'sending', $4, $5)
     ON CONFLICT (year, email) DO UPDATE SET at = EXCLUDED.at WHERE g.status = 'sending' AND g.at < $6
     RETURNING year`,
    [greeting.year, greeting.email, greeting.locale, greeting.key, greeting.now, greeting.staleBefore],
  );
  return claimed.length > 0;
}

/** What became of a claimed greeting: sent (with the provider's id) or failed (with why). */
export async function finishGreeting(db: Db, greeting: { year: number; email: string; at: Date } & ({ status: 'sent'; providerId: string } | { status: 'failed'; message: string })): Promise<void> {
  await db.query(`UPDATE birthday_greetings SET status = $3, at = $4, provider_id = $5, message = $6 WHERE year = $1 AND email = $2`, [
    greeting.year,
    greeting.email,
    greeting.status,
    greeting.at,
    greeting.status === 'sent' ? greeting.providerId : null,
    greeting.status === 'failed' ? greeting.message : null,
  ]);
}
