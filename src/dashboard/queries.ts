/**
 * The owner's figures as SQL over every feature's records: the overview, the monthly summary and the
 * ladder. Each figure is counted when a page asks, so a record written late (backdated, imported) or erased
 * is in the next view; the one derived table, card_stamps, is kept by the database in the same transaction.
 * Periods are instants the shop's months start at (`monthStarts`); days are days on the shop's clock (`AT TIME ZONE`).
 */
import { z } from 'zod';
import { firstRow, rows, type Db } from '../db/db.ts';
import { rungIndexSql, type LadderFacts, type Move } from './ladder.ts';
import type { Month } from './months.ts';

const count = z.coerce.number();
const figure = z.coerce.number().nullable();

/**
 * The instant each month starts at on the shop's clock, in the order asked.
 * @example await monthStarts(db, 'Europe/Madrid', ['2026-04']) → [2026-03-31T22:00:00.000Z]
 */
export async function monthStarts(db: Db, timeZone: string, months: readonly Month[]): Promise<Date[]> {
  const found = await rows(
    db,
    z.object({ start: z.coerce.date() }),
    `SELECT (month || '-01')::timestamp AT TIME ZONE $1 AS start
     FROM unnest($2::text[]) WITH ORDINALITY AS asked (month, n) ORDER BY n`,
    [timeZone, months],
  );
  return found.map((row) => row.start);
}

/** Where a survey keeps the answers its scores read: its NPS question and its headline 1–5 rating. */
export interface ScoredSurvey {
  survey: string;
  nps: string | undefined;
  rating: string | undefined;
}

const scoresSchema = z.object({
  responses: count,
  promoters: count,
  passives: count,
  detractors: count,
  /** −100…100, unrounded; null without an NPS answer. */
  nps: figure,
  ratings: count,
  /** % of the headline ratings that are 4 or 5, unrounded; null without one. */
  csat: figure,
  /** Their mean, 1–5; null without one. */
  averageRating: figure,
});
export type Scores = z.infer<typeof scoresSchema>;

/**
 * One survey's responses in a period, with NPS (9–10 promoters, 7–8 passives, 0–6 detractors) and CSAT
 * (ratings of 4 or 5): only answers stored as numbers count, as the survey form stores scores. Without a
 * survey, no responses.
 * @example await surveyScores(db, { survey: 'feedback', nps: 'nps', rating: 'overall' }, start, end) → { responses: 4, nps: 25, … }
 */
export async function surveyScores(db: Db, scored: ScoredSurvey | undefined, from: Date, to: Date): Promise<Scores> {
  const row = await firstRow(
    db,
    scoresSchema,
    `WITH answer AS (
       SELECT CASE WHEN jsonb_typeof(answers -> $4) = 'number' THEN (answers ->> $4)::numeric END AS nps,
              CASE WHEN jsonb_typeof(answers -> $5) = 'number' THEN (answers ->> $5)::numeric END AS rating
       FROM responses
       WHERE survey = $1 AND submitted_at >= $2 AND submitted_at < $3
     )
     SELECT count(*) AS responses,
            count(*) FILTER (WHERE nps >= 9) AS promoters,
            count(*) FILTER (WHERE nps >= 7 AND nps < 9) AS passives,
            count(*) FILTER (WHERE nps < 7) AS detractors,
            ((count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps < 7)) * 100.0 / nullif(count(nps), 0))::float8 AS nps,
            count(rating) AS ratings,
            (count(*) FILTER (WHERE rating >= 4) * 100.0 / nullif(count(rating), 0))::float8 AS csat,
            avg(rating)::float8 AS "averageRating"
     FROM answer`,
    [scored?.survey ?? null, from, to, scored?.nps ?? null, scored?.rating ?? null],
  );
  return row!;
}

const complaintsSchema = z.object({
  received: count,
  resolved: count,
  /** Open today, whatever the period. */
  openNow: count,
  /** Over the complaints received in the period and contacted since (the lower median). */
  medianHoursToContact: figure,
  contactedWithinTwoDays: count,
});
export type ComplaintFigures = z.infer<typeof complaintsSchema>;

/**
 * A period's complaints: received and resolved in it, how soon those received were first contacted, and how many are open now.
 * @example await complaintFigures(db, start, end) → { received: 4, resolved: 2, openNow: 1, medianHoursToContact: 5.5, contactedWithinTwoDays: 3 }
 */
export async function complaintFigures(db: Db, from: Date, to: Date): Promise<ComplaintFigures> {
  const row = await firstRow(
    db,
    complaintsSchema,
    `WITH received AS (
       SELECT extract(epoch FROM contacted_at - created_at)::float8 / 3600 AS hours
       FROM followups WHERE created_at >= $1 AND created_at < $2
     )
     SELECT (SELECT count(*) FROM received) AS received,
            (SELECT count(*) FROM followups WHERE resolved_at >= $1 AND resolved_at < $2) AS resolved,
            (SELECT count(*) FROM followups WHERE status = 'open') AS "openNow",
            (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY hours) FROM received) AS "medianHoursToContact",
            (SELECT count(*) FROM received WHERE hours <= 48) AS "contactedWithinTwoDays"`,
    [from, to],
  );
  return row!;
}

/**
 * How many stamps cards got in a period.
 * @example await stampsIn(db, start, end) → 120
 */
export async function stampsIn(db: Db, from: Date, to: Date): Promise<number> {
  const row = await firstRow(db, z.object({ stamps: count }), "SELECT count(*) AS stamps FROM card_events WHERE type = 'stamp' AND at >= $1 AND at < $2", [from, to]);
  return row!.stamps;
}

const loyaltySchema = z.object({ stamps: count, redeemed: count, cardsUsed: count, rewardsEarned: count, newMembers: count });
export type LoyaltyFigures = z.infer<typeof loyaltySchema>;

/**
 * A period's cards: stamps, redemptions, cards stamped or redeemed, rewards completed (a card's stamps, in
 * time order, reaching a multiple of the stamps per reward within the period), customers who registered a card.
 * @example await loyaltyFigures(db, start, end, 8) → { stamps: 120, redeemed: 9, cardsUsed: 40, rewardsEarned: 11, newMembers: 6 }
 */
export async function loyaltyFigures(db: Db, from: Date, to: Date, stampsPerReward: number): Promise<LoyaltyFigures> {
  const row = await firstRow(
    db,
    loyaltySchema,
    `WITH activity AS (SELECT card_id, type FROM card_events WHERE at >= $1 AND at < $2),
     -- Each card stamped in the period: its stamps before the period and up to its end.
     stamped AS (
       SELECT card_id, count(*) FILTER (WHERE at < $1) AS before, count(*) AS through
       FROM card_events
       WHERE type = 'stamp' AND at < $2 AND card_id IN (SELECT card_id FROM activity WHERE type = 'stamp')
       GROUP BY card_id
     )
     SELECT (SELECT count(*) FROM activity WHERE type = 'stamp') AS stamps,
            (SELECT count(*) FROM activity WHERE type = 'redeem') AS redeemed,
            (SELECT count(DISTINCT card_id) FROM activity) AS "cardsUsed",
            (SELECT coalesce(sum(through / $3::int - before / $3::int), 0) FROM stamped) AS "rewardsEarned",
            (SELECT count(*) FROM card_registrations WHERE registered_at >= $1 AND registered_at < $2) AS "newMembers"`,
    [from, to, stampsPerReward],
  );
  return row!;
}

/**
 * A subscriber's (`s`) state just before `moment`: the latest of its dated steps before it, on a tie the later in
 * this order: signed up (pending), confirmed, unsubscribed, and its last change (`updated_at`, which leaves its
 * status): once that is past, the state is the status. Null when no step is before it.
 */
function subscriberStateBefore(moment: string, s = 's'): string {
  const step = (column: string) => `CASE WHEN ${s}.${column} < ${moment} THEN ${s}.${column} END`;
  // First the usual case, checked cheaply: the last change is the latest step, and it is past.
  return `CASE WHEN ${s}.updated_at < ${moment} AND ${s}.updated_at >= greatest(${s}.subscribed_at, ${s}.confirmed_at, ${s}.unsubscribed_at) THEN ${s}.status
    ELSE CASE greatest(${step('subscribed_at')}, ${step('confirmed_at')}, ${step('unsubscribed_at')}, ${step('updated_at')})
    WHEN ${s}.updated_at THEN ${s}.status WHEN ${s}.unsubscribed_at THEN 'unsubscribed' WHEN ${s}.confirmed_at THEN 'confirmed' WHEN ${s}.subscribed_at THEN 'pending' END END`;
}

const moments = (at: readonly Date[]) => at.map((moment) => moment.toISOString());

export const subscriberStates = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriberState = (typeof subscriberStates)[number];

/**
 * How many subscribers were in each state just before each moment.
 * @example await subscribersAt(db, [start, end]) → [{ pending: 3, confirmed: 40, unsubscribed: 2 }, { … }]
 */
export async function subscribersAt(db: Db, at: readonly Date[]): Promise<Record<SubscriberState, number>[]> {
  const found = await rows(
    db,
    z.object({ k: z.coerce.number(), state: z.enum(subscriberStates), people: count }),
    `SELECT k, state, count(*) AS people
     FROM (SELECT m.k, ${subscriberStateBefore('m.at')} AS state FROM subscribers s CROSS JOIN unnest($1::timestamptz[]) WITH ORDINALITY AS m (at, k)) AS known
     WHERE state IS NOT NULL
     GROUP BY k, state`,
    [moments(at)],
  );
  return at.map((_moment, index) => {
    const counts = { pending: 0, confirmed: 0, unsubscribed: 0 };
    for (const row of found) if (row.k === index + 1) counts[row.state] = row.people;
    return counts;
  });
}

/**
 * Who a card counts for: the customer who registered it (its registration joined as `r`), with all its stamps
 * (the shop now knows whose they were); a card nobody registered is a person of its own, `card {id}` (no
 * address holds a space).
 */
const cardHolder = (card: string) => `coalesce(r.email, 'card ' || ${card})`;

/**
 * How many people the shop knew before a moment: subscribers, card customers (a card nobody registered counts
 * as itself), survey contacts; the same people as `ladderAt` places, without placing them.
 * @example await knownPeople(db, endOfMonth) → 1520
 */
export async function knownPeople(db: Db, before: Date): Promise<number> {
  const row = await firstRow(
    db,
    z.object({ people: count }),
    `SELECT count(*) AS people FROM (
       SELECT email FROM subscribers WHERE least(subscribed_at, confirmed_at, unsubscribed_at, updated_at) < $1
       UNION SELECT email FROM card_registrations WHERE registered_at < $1
       UNION SELECT ${cardHolder('c.card_id')} FROM card_stamps c LEFT JOIN card_registrations r USING (card_id) WHERE c.stamps[1] < $1
       UNION SELECT contact_email FROM responses WHERE contact_email IS NOT NULL AND submitted_at < $1
     ) AS person`,
    [before],
  );
  return row!.people;
}

/** What the ladder needs from the content: the shop's clock, the stamps per reward, each survey's NPS question. */
export interface LadderRules {
  timeZone: string;
  stampsPerReward: number;
  /** By survey id, the id of its NPS question (surveys without one are left out). */
  npsQuestions: ReadonlyMap<string, string>;
}

/** The ladder at the moments asked: people per rung (index in `rungs`) at each, and how they moved into the last. */
export interface LadderAt {
  /** In the order of the moments asked. */
  counts: Map<number, number>[];
  /** From the moment before the last (`from` null: not known then; with one moment asked, everyone). */
  moves: Move[];
}

/**
 * Where every person the shop knew stood on the ladder just before each moment (ascending), in one statement.
 * A person is a normalised address (as every table stores it) joined across subscribers, card registrations
 * and survey contacts, or a card nobody registered (`cardHolder`). The rungs ask only whether a fact had
 * happened by a moment, so each person is reduced to when it first did (their first visit, their second, their
 * first full card, their first review click) and placed at each moment from those times until the first after
 * their last change, from which they stand on the same rung.
 * @example const { counts: [start, end] } = await ladderAt(db, [startOfMonth, endOfMonth], rules) // end.get(0): suspects
 */
export async function ladderAt(db: Db, at: readonly Date[], rules: LadderRules): Promise<LadderAt> {
  // A person's facts just before `moment`. Their latest score then is the last of their scored answers before it:
  // width_bucket counts the times at or before its argument, and a moment less a microsecond (timestamps' grain)
  // makes that "before" (index 0, before any score, reads NULL).
  const factsBefore = (moment: string): LadderFacts => ({
    subscribed: `coalesce(${subscriberStateBefore(moment, 'p')} = 'confirmed', false)`,
    visited: `p.first_visit < ${moment}`,
    returned: `p.second_visit < ${moment}`,
    fullCard: `p.full_card < ${moment}`,
    latestNps: `p.scores[width_bucket(${moment} - interval '1 microsecond', p.score_times)]`,
    reviewed: `p.review_click < ${moment}`,
  });
  // `person` unions every source's columns: each fills its own and NULLs the others'.
  const none = (type: string, columns: number) => Array.from({ length: columns }, () => `NULL::${type}`).join(', ');
  const found = await rows(
    db,
    z.object({ k: z.number().int(), from: z.number().int().nullable(), to: z.number().int(), people: count }),
    `WITH asked AS (SELECT cardinality($1::timestamptz[]) AS n, ($1::timestamptz[])[1] AS first, ($1::timestamptz[])[cardinality($1::timestamptz[])] AS last),
     -- Each card stamped before the last moment: its first stamp, its first on a later day of the shop's calendar,
     -- and the one that filled it (card_stamps holds each card's stamp times in order).
     card AS (
       SELECT c.card_id, ${cardHolder('c.card_id')} AS person, c.stamps[1] AS first, (c.stamps[1] AT TIME ZONE $2)::date AS first_day,
              -- (usually the second stamp: the programme's daily limit keeps most cards to a stamp a day)
              CASE WHEN (c.stamps[2] AT TIME ZONE $2)::date > (c.stamps[1] AT TIME ZONE $2)::date THEN c.stamps[2]
                   WHEN cardinality(c.stamps) > 2 THEN (SELECT min(t) FROM unnest(c.stamps[3:]) AS t WHERE (t AT TIME ZONE $2)::date > (c.stamps[1] AT TIME ZONE $2)::date)
              END AS second,
              c.stamps[$3] AS filled
       FROM card_stamps c LEFT JOIN card_registrations r USING (card_id)
       WHERE c.stamps[1] < (SELECT last FROM asked)
     ),
     -- A person's second visit: the first stamp, on any of their cards, on a later day than their first.
     visits AS (
       SELECT person, min(first) AS first, min(CASE WHEN first_day > person_day THEN first ELSE second END) AS second, min(filled) AS filled
       FROM (SELECT *, min(first_day) OVER (PARTITION BY person) AS person_day FROM card) AS card
       GROUP BY person
     ),
     -- Survey answers that left an address; a numeric answer to the survey's NPS question is its score.
     answer AS (
       SELECT r.contact_email AS person, r.submitted_at AS at, r.id,
              CASE WHEN jsonb_typeof(r.answers -> q.question) = 'number' THEN (r.answers ->> q.question)::numeric END AS nps
       FROM responses r LEFT JOIN unnest($4::text[], $5::text[]) AS q (survey, question) ON q.survey = r.survey
       WHERE r.contact_email IS NOT NULL AND r.submitted_at < (SELECT last FROM asked)
     ),
     -- Every person with their facts' times: each source adds its own (a registration alone makes them known), and
     -- a subscriber (one row per address) joins them.
     fact AS (
       SELECT person, min(known) AS known, min(first_visit) AS first_visit, min(second_visit) AS second_visit, min(full_card) AS full_card,
              min(review_click) AS review_click, max(score_times) AS score_times, max(scores) AS scores
       FROM (
         SELECT person, first, first, second, filled, ${none('timestamptz', 1)}, ${none('timestamptz[]', 1)}, ${none('numeric[]', 1)} FROM visits
         -- a person's scored answers in time order (on a tie in time, the later id last)
         UNION ALL SELECT person, min(at), ${none('timestamptz', 4)}, array_agg(at ORDER BY at, id) FILTER (WHERE nps IS NOT NULL),
                          array_agg(nps ORDER BY at, id) FILTER (WHERE nps IS NOT NULL) FROM answer GROUP BY person
         UNION ALL SELECT r.contact_email, min(c.at), ${none('timestamptz', 3)}, min(c.at), ${none('timestamptz[]', 1)}, ${none('numeric[]', 1)}
                   FROM review_clicks c JOIN responses r ON r.id = c.response_id AND r.contact_email IS NOT NULL GROUP BY r.contact_email
         UNION ALL SELECT email, registered_at, ${none('timestamptz', 4)}, ${none('timestamptz[]', 1)}, ${none('numeric[]', 1)} FROM card_registrations
       ) AS fact (person, known, first_visit, second_visit, full_card, review_click, score_times, scores)
       GROUP BY person
     ),
     person AS (
       SELECT coalesce(f.person, s.email) AS person, least(f.known, s.subscribed_at, s.confirmed_at, s.unsubscribed_at, s.updated_at) AS known,
              f.first_visit, f.second_visit, f.full_card, f.review_click, f.score_times, f.scores,
              s.status, s.subscribed_at, s.confirmed_at, s.unsubscribed_at, s.updated_at
       FROM fact f FULL JOIN subscribers s ON s.email = f.person
       WHERE least(f.known, s.subscribed_at, s.confirmed_at, s.unsubscribed_at, s.updated_at) < (SELECT last FROM asked)
     ),
     -- When each person's facts last changed.
     timed AS (
       SELECT *, greatest(known, first_visit, second_visit, full_card, review_click, score_times[cardinality(score_times)], subscribed_at, confirmed_at, unsubscribed_at, updated_at) AS changed
       FROM person
     ),
     -- Each person at each moment from the first they were known by to the first after their last change, whose rung
     -- ("steady") holds at every later moment. Most people last changed before the first moment: placed once, at it.
     placed AS (
       SELECT 1 AS k, true AS steady, NULL::int AS "from", ${rungIndexSql(factsBefore('(SELECT first FROM asked)'))} AS "to", count(*) AS people
       FROM timed p WHERE changed < (SELECT first FROM asked) GROUP BY 4
       UNION ALL
       SELECT m.k, p.changed < m.at, CASE WHEN m.k = (SELECT n FROM asked) AND p.known < m.previous THEN ${rungIndexSql(factsBefore('m.previous'))} END,
              ${rungIndexSql(factsBefore('m.at'))}, count(*)
       FROM (
         -- the indexes of those moments (width_bucket: how many moments are at or before a time)
         SELECT *, width_bucket(known, $1::timestamptz[]) + 1 AS first_k, least(width_bucket(changed, $1::timestamptz[]) + 1, (SELECT n FROM asked)) AS last_k
         FROM timed WHERE changed >= (SELECT first FROM asked)
       ) AS p
       -- (OFFSET 0 keeps each moment's two instants computed once, not in every fact)
       CROSS JOIN LATERAL (SELECT k, ($1::timestamptz[])[k] AS at, ($1::timestamptz[])[k - 1] AS previous FROM generate_series(p.first_k, p.last_k) AS k OFFSET 0) AS m
       GROUP BY 1, 2, 3, 4
     )
     -- A steady placing stands for every later moment too (at the last, coming from the same rung).
     SELECT k, "from", "to", sum(people) AS people
     FROM (SELECT k, "from", "to", people FROM placed
           UNION ALL SELECT later.k, CASE WHEN later.k = (SELECT n FROM asked) THEN p."to" END, p."to", p.people
                     FROM placed p CROSS JOIN LATERAL generate_series(p.k + 1, (SELECT n FROM asked)) AS later (k) WHERE p.steady) AS placed
     GROUP BY k, "from", "to"`,
    [moments(at), rules.timeZone, rules.stampsPerReward, [...rules.npsQuestions.keys()], [...rules.npsQuestions.values()]],
  );
  const counts = at.map(() => new Map<number, number>());
  for (const { k, to, people } of found) counts[k - 1]!.set(to, (counts[k - 1]!.get(to) ?? 0) + people);
  return { counts, moves: found.filter((row) => row.k === at.length).map(({ from, to, people }) => ({ from, to, people })) };
}
