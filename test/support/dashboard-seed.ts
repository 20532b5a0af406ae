import { z } from 'zod';
import { monthIn } from '../../src/domain/periods.ts';
import { rows, type Db } from '../../src/db/db.ts';

/**
 * The records the owner's figures read, as rows of their tables (column names as in the migrations), for
 * tests that write them with plain SQL rather than through each feature's use cases: histories can then be
 * backdated, out of order, imported or half-erased at will. Columns left out of a row are NULL.
 */
export interface ShopRows {
  responses: ResponseRow[];
  followups: FollowupRow[];
  review_clicks: ReviewClickRow[];
  cards: CardRow[];
  card_events: CardEventRow[];
  card_registrations: RegistrationRow[];
  subscribers: SubscriberRow[];
  newsletter_sends: SendRow[];
  email_events: EmailEventRow[];
}

const at = z.coerce.date();
const maybeAt = z.coerce.date().nullable();
const text = z.string().nullable();

const responseRow = z.object({
  id: z.string(),
  survey: z.string(),
  locale: z.string(),
  answers: z.record(z.string(), z.unknown()),
  submitted_at: at,
  complaint: z.boolean(),
  contact_email: text,
});
const followupRow = z.object({
  response_id: z.string(),
  reasons: z.array(z.string()),
  status: z.enum(['open', 'contacted', 'resolved']),
  created_at: at,
  contacted_at: maybeAt,
  resolved_at: maybeAt,
});
const reviewClickRow = z.object({ at, response_id: text });
const cardRow = z.object({ id: z.string(), origin: z.enum(['printed', 'digital']), created_at: at });
const cardEventRow = z.object({ card_id: z.string(), type: z.enum(['stamp', 'redeem']), seq: z.number(), at, idempotency_key: z.string() });
const registrationRow = z.object({ card_id: z.string(), name: z.string(), email: z.string(), locale: z.string(), newsletter: z.boolean(), registered_at: at, updated_at: at });
const subscriberRow = z.object({
  email: z.string(),
  status: z.enum(['pending', 'confirmed', 'unsubscribed']),
  locale: z.string(),
  source: z.string(),
  subscribed_at: at,
  confirmed_at: maybeAt,
  unsubscribed_at: maybeAt,
  updated_at: at,
  consent_at: maybeAt,
});
const sendRow = z.object({
  issue: z.string(),
  email: z.string(),
  locale: z.string(),
  status: z.enum(['sending', 'sent', 'failed']),
  batch_key: z.string(),
  claimed_at: at,
  sent_at: maybeAt,
  provider_id: text,
});
const emailEventRow = z.object({ provider_id: z.string(), event: z.enum(['delivered', 'bounced', 'complained', 'opened', 'clicked', 'unsubscribed']), at });

export type ResponseRow = z.infer<typeof responseRow>;
export type FollowupRow = z.infer<typeof followupRow>;
export type ReviewClickRow = z.infer<typeof reviewClickRow>;
export type CardRow = z.infer<typeof cardRow>;
export type CardEventRow = z.infer<typeof cardEventRow>;
export type RegistrationRow = z.infer<typeof registrationRow>;
export type SubscriberRow = z.infer<typeof subscriberRow>;
export type SendRow = z.infer<typeof sendRow>;
export type EmailEventRow = z.infer<typeof emailEventRow>;

/** Each table with the schema its rows are read back with, in an order that inserts referenced rows first. */
const tables = {
  responses: responseRow,
  followups: followupRow,
  review_clicks: reviewClickRow,
  cards: cardRow,
  card_events: cardEventRow,
  card_registrations: registrationRow,
  subscribers: subscriberRow,
  newsletter_sends: sendRow,
  email_events: emailEventRow,
} satisfies { [table in keyof ShopRows]: z.ZodType<ShopRows[table][number]> };

type Table = keyof ShopRows;
const tableNames = Object.keys(tables) as Table[];

/** No rows at all. */
export const noRows = (): ShopRows => ({ responses: [], followups: [], review_clicks: [], cards: [], card_events: [], card_registrations: [], subscribers: [], newsletter_sends: [], email_events: [] });

/**
 * Inserts the rows, one statement per table (the columns the rows name, the others left to their defaults).
 * @example await insertRows(db, { card_events: [{ card_id: 'K7', type: 'stamp', seq: 1, at: new Date(), idempotency_key: 'k1' }] })
 */
export async function insertRows(db: Db, given: Partial<ShopRows>): Promise<void> {
  for (const table of tableNames) {
    const list: object[] = given[table] ?? [];
    if (list.length === 0) continue;
    const columns = [...new Set(list.flatMap((row) => Object.keys(row)))].map((column) => `"${column}"`).join(', ');
    await db.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [JSON.stringify(list)]);
  }
}

/**
 * Every row of the tables the figures read, as stored (what a recount starts from).
 * @example const stored = await readRows(app.db)
 */
export async function readRows(db: Db): Promise<ShopRows> {
  const read = async <T extends Table>(table: T) => [table, await rows(db, tables[table] as z.ZodType<ShopRows[T][number]>, `SELECT * FROM ${table}`)] as const;
  return Object.fromEntries(await Promise.all(tableNames.map(read))) as unknown as ShopRows;
}

/**
 * Erases an address as a privacy request does, as rows: the contact details leave its responses (the answers
 * stay), and its subscription, card registrations and newsletter sends go.
 * @example await eraseAddress(db, 'ana@example.com')
 */
export async function eraseAddress(db: Db, email: string): Promise<void> {
  await db.query(
    `WITH responses AS (
       UPDATE responses SET contact_name = NULL, contact_email = NULL, contact_phone = NULL, contact_locale = NULL WHERE contact_email = $1
     ), subscribers AS (DELETE FROM subscribers WHERE email = $1),
     registrations AS (DELETE FROM card_registrations WHERE email = $1)
     DELETE FROM newsletter_sends WHERE email = $1`,
    [email],
  );
}

const DAY = 86_400_000;
/** Answers that cycle through every score, so each chart and table has something to show. */
const overall = [5, 5, 4, 4, 3, 5, 2, 4, 5, 1, 4, 5];
const npsScores = [10, 9, 8, 9, 7, 10, 3, 6, 9, 2, 8, 10];

/**
 * A small shop's records over the 10 weeks before `now`, as rows: 36 survey responses (the unhappy ones
 * complaints, open; Ana's with a click on the review link, Ben's with a script tag as its text, one with a
 * spreadsheet formula), subscribers in every state (Ana and Elena confirmed, Dan gone, Carla pending), this
 * month's issue (on the shop's clock, `timeZone`) sent to the confirmed ones, and five cards: Ana's full and redeemed, Ben's with two stamps
 * (both registered), three nobody registered. On the ladder: Ana a promoter, Ben a customer, Elena a prospect,
 * Carla and Dan suspects, the three cards on their own. Addresses are @dashboard.example.
 * @example await insertRows(app.db, dashboardRows(app.now(), 8, 'Europe/Madrid'))
 */
export function dashboardRows(now: Date, stampsPerReward: number, timeZone: string): ShopRows {
  const at = (daysBefore: number) => new Date(now.getTime() - daysBefore * DAY);
  const rows = noRows();
  for (let i = 0; i < 36; i++) {
    const submitted = at(70 - i * 1.9);
    const nps = npsScores[i % npsScores.length]!;
    const rating = overall[i % overall.length]!;
    const complaint = nps <= 6 || rating <= 2;
    const text = i === 6 ? '<script>alert(1)</script>' : i === 9 ? '=cmd|" /C calc"!A0' : complaint ? 'The coffee was cold and we waited a long time.' : undefined;
    const email = i === 3 ? 'ana@dashboard.example' : i === 6 ? 'ben@dashboard.example' : null;
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    rows.responses.push({ id, survey: 'feedback', locale: i % 3 === 0 ? 'es' : 'en', answers: { overall: rating, nps, ...(text ? { wrong: text } : {}) }, submitted_at: submitted, complaint, contact_email: email });
    if (complaint) rows.followups.push({ response_id: id, reasons: ['low-score'], status: 'open', created_at: submitted, contacted_at: null, resolved_at: null });
    if (i === 3) rows.review_clicks.push({ at: new Date(submitted.getTime() + 60_000), response_id: id });
  }

  const signedUp = at(40);
  const subscriber = (email: string, locale: string, status: SubscriberRow['status'], left?: Date): SubscriberRow => ({
    email,
    status,
    locale,
    source: 'footer',
    subscribed_at: signedUp,
    confirmed_at: status === 'pending' ? null : new Date(signedUp.getTime() + 60_000),
    unsubscribed_at: left ?? null,
    updated_at: left ?? new Date(signedUp.getTime() + 60_000),
    consent_at: null,
  });
  rows.subscribers.push(
    subscriber('ana@dashboard.example', 'en', 'confirmed'),
    subscriber('elena@dashboard.example', 'es', 'confirmed'),
    subscriber('dan@dashboard.example', 'en', 'unsubscribed', at(30)),
    { ...subscriber('carla@dashboard.example', 'es', 'pending'), updated_at: signedUp },
  );
  const issue = monthIn(now, timeZone);
  for (const email of ['ana@dashboard.example', 'elena@dashboard.example']) {
    const providerId = `dashboard-${email}`;
    rows.newsletter_sends.push({ issue, email, locale: 'en', status: 'sent', batch_key: `${issue}-1`, claimed_at: now, sent_at: now, provider_id: providerId });
    rows.email_events.push({ provider_id: providerId, event: 'delivered', at: now });
  }
  rows.email_events.push({ provider_id: 'dashboard-ana@dashboard.example', event: 'opened', at: now });

  const stamps: [number, number][] = [[0, stampsPerReward + 1], [1, 2], [2, 1], [3, 3], [4, 1]];
  for (const [card, count] of stamps) {
    const id = `DASH000${card}`;
    rows.cards.push({ id, origin: 'printed', created_at: at(60) });
    for (let n = 0; n < count; n++) rows.card_events.push({ card_id: id, type: 'stamp', seq: n + 1, at: at(55 - card - n * 5), idempotency_key: `seed-stamp-${card}-${n}` });
  }
  rows.card_events.push({ card_id: 'DASH0000', type: 'redeem', seq: 1, at: at(2), idempotency_key: 'seed-redeem-0' });
  rows.card_registrations.push(
    { card_id: 'DASH0000', name: 'Ana', email: 'ana@dashboard.example', locale: 'en', newsletter: true, registered_at: at(60), updated_at: at(60) },
    { card_id: 'DASH0001', name: 'Ben', email: 'ben@dashboard.example', locale: 'es', newsletter: false, registered_at: at(60), updated_at: at(60) },
  );
  return rows;
}
