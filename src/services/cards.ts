import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../app.ts';
import { cardBalance, cardEventSchema, cardIdPattern, cardShard, verifyCardCode, type CardBalance, type CardEvent, type CardEventType, type Verdict } from '../domain/card.ts';
import { locales } from '../i18n/locales.ts';
import { defineDoc } from '../store/store.ts';
import { dayKeysIn, inBatches, markedSince, readRecords, timeOf, type Period } from './records.ts';
import { dayOf } from '../domain/periods.ts';

/**
 * The loyalty cards' store documents and the read functions other features use
 * (the owner's dashboard, birthday greetings). Shapes here are shared: keep them stable.
 *
 *   cards/ledger/{cardId}            { events: CardEvent[] }   one card's whole log, append-only: the stamp and
 *                                    redeem rules run on it inside one atomic update, so a reward is redeemed once
 *   cards/days/{yyyy-mm-dd}/{hhmmssmmm}-{cardId}-{hash of key}   one CardEvent: the activity by day for the
 *                                    dashboard, written after the ledger (again by a retry with the same key)
 *   cards/events/{yyyy-mm}/{shard}   { events: CardEvent[] }   before the ledger: per month and first character of
 *                                    the card id; read (a card's first new event copies its own into its ledger), never grown
 *   cards/batches                    { batches: Batch[] }
 *   cards/registrations/{shard}      { registrations: Registration[] }   one per card, the latest wins: every
 *                                    registration, for what reads them all (birthdays, folds, exports)
 *   cards/registration/{cardId}      { registration: Registration | null }   the card's entry, written after its shard's
 *                                    (null: erased): what a view of some cards reads, not their shards (a shard
 *                                    grows with the members)
 *   cards/registration-unpacked      { shards: string[] }   the shards whose every registration has its card's document
 *                                    (those made before the documents are copied once, by the first view that needs them)
 *   cards/registered/{yyyy-mm-dd}/{cardId}-{hhmmssmmm}   { before, after }   a registration made, changed or erased then:
 *                                    its registeredAt and newsletter before and after (null: none), for the members rollup
 */

export const batchSchema = z.object({
  /** 8 characters, random. */
  id: z.string().regex(/^[0-9A-Z]{8}$/),
  /** 1, 2, 3…: how the owner refers to it. */
  number: z.number().int().min(1),
  count: z.number().int().min(1),
  createdAt: z.iso.datetime(),
});
export type Batch = z.infer<typeof batchSchema>;

export const birthdaySchema = z
  .object({ day: z.number().int().min(1).max(31), month: z.number().int().min(1).max(12) })
  .refine(({ day, month }) => day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!, { message: 'No such day in that month', path: ['day'] });

export const registrationSchema = z.object({
  card: z.string().regex(cardIdPattern),
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254),
  /** Day and month only: enough for a greeting, no age kept. */
  birthday: birthdaySchema.nullable(),
  language: z.enum(locales),
  /** The customer ticked "send me the newsletter" (still to be confirmed by email before sending one). */
  newsletter: z.boolean(),
  registeredAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Registration = z.infer<typeof registrationSchema>;

const eventList = z.object({ events: z.array(cardEventSchema) });
export const eventsDoc = (month: string, shard: string) => defineDoc(`cards/events/${month}/${shard}`, eventList, () => ({ events: [] }));
/** A card's ledger; `seed` is its value before the first write (the card's events in the month documents). */
export const ledgerDoc = (cardId: string, seed: CardEvent[] = []) => defineDoc(`cards/ledger/${cardId}`, eventList, () => ({ events: seed }));
const DAYS = 'cards/days/';
/** An event's record in the by-day index. */
export const cardDayDoc = (event: CardEvent) =>
  defineDoc(`${DAYS}${dayOf(event.at)}/${timeOf(event.at)}-${event.card}-${createHash('sha256').update(event.key).digest('hex').slice(0, 12)}`, cardEventSchema.nullable(), () => null);
export const batchesDoc = defineDoc('cards/batches', z.object({ batches: z.array(batchSchema) }), () => ({ batches: [] }));
export const registrationsDoc = (shard: string) =>
  defineDoc(`cards/registrations/${shard}`, z.object({ registrations: z.array(registrationSchema) }), () => ({ registrations: [] }));
export const registrationDoc = (cardId: string) =>
  defineDoc(`cards/registration/${cardId}`, z.object({ registration: registrationSchema.nullable() }), () => ({ registration: null }));
const unpackedDoc = defineDoc('cards/registration-unpacked', z.object({ shards: z.array(z.string()) }), () => ({ shards: [] }));

const EVENTS_PREFIX = 'cards/events/';

/** The event documents' months and shards, from their keys. */
async function eventKeys(app: App): Promise<{ month: string; shard: string }[]> {
  const keys = await app.store.keys(EVENTS_PREFIX);
  return keys.map((key) => {
    const [month = '', shard = ''] = key.slice(EVENTS_PREFIX.length).split('/');
    return { month, shard };
  });
}

/** Every batch, oldest first. */
export async function listBatches(app: App): Promise<Batch[]> {
  return (await app.store.read(batchesDoc)).batches;
}

/**
 * Every stamp and redemption of every card between `from` (inclusive) and `to`
 * (exclusive), oldest first: the dashboard's activity over time.
 * @example await cardEvents(app, { from: new Date('2026-11-01'), to: new Date('2026-12-01') })
 */
export async function cardEvents(app: App, range: Period = {}): Promise<CardEvent[]> {
  const from = range.from?.toISOString() ?? '';
  const to = range.to?.toISOString() ?? '\uffff';
  const wanted = (await eventKeys(app)).filter(({ month }) => month >= from.slice(0, 7) && month <= to.slice(0, 7));
  const [legacy, recent] = await Promise.all([
    Promise.all(wanted.map(({ month, shard }) => app.store.read(eventsDoc(month, shard)))),
    dayKeysIn(app, DAYS, range).then((keys) => readRecords(app.store, keys, cardEventSchema)),
  ]);
  return [...legacy.flatMap((doc) => doc.events), ...recent].filter((event) => event.at >= from && event.at < to).sort(byTime);
}

/** One card's events (by card id, not code), oldest first. */
export async function cardHistory(app: App, cardId: string): Promise<CardEvent[]> {
  const { events } = await app.store.read(await ledgerFor(app, cardId));
  return events.toSorted(byTime);
}

/** The card's ledger document, seeded with its events from the month documents until it is first written. */
async function ledgerFor(app: App, cardId: string): Promise<ReturnType<typeof ledgerDoc>> {
  const doc = ledgerDoc(cardId);
  if ((await app.store.read(doc)).events.length > 0) return doc;
  return ledgerDoc(cardId, await legacyEvents(app, cardId));
}

export const REGISTERED = 'cards/registered/';
const memberState = z.object({ registeredAt: z.iso.datetime(), newsletter: z.boolean() }).nullable();
/** Markers written before they carried the change (`{}`) count as no change. */
export const registeredSchema = z.object({ before: memberState.default(null), after: memberState.default(null) });
/** A card registered (or its details changed, or erased) at that moment: a view of today reads today's registrations, not all. */
const registeredDoc = (card: string, at: string) => defineDoc(`${REGISTERED}${dayOf(at)}/${card}-${timeOf(at)}`, registeredSchema, () => ({ before: null, after: null }));
const stateOf = (registration: Registration | undefined) => (registration ? { registeredAt: registration.registeredAt, newsletter: registration.newsletter } : null);

/** Notes a registration's change (from `before`, undefined: none), for registrationsSince() and the members rollup. */
export async function markRegistered(app: App, registration: Registration, before: Registration | undefined): Promise<void> {
  await app.store.create(registeredDoc(registration.card, registration.updatedAt), { before: stateOf(before), after: stateOf(registration) });
}

/** Notes a registration erased at `at` (privacy), for the members rollup. */
export async function markErased(app: App, registration: Registration, at: string): Promise<void> {
  await app.store.create(registeredDoc(registration.card, at), { before: stateOf(registration), after: null });
}

/**
 * The registrations made or changed since `from` (whole UTC days), as they stand now.
 * @example await registrationsSince(app, new Date('2026-11-26'))
 */
export async function registrationsSince(app: App, from: Date): Promise<Registration[]> {
  return [...(await cardRegistrations(app, await markedSince(app, REGISTERED, from))).values()];
}

/** Every registered card's details: name, email, birthday, language, newsletter consent. */
export async function listRegistrations(app: App): Promise<Registration[]> {
  const keys = await app.store.keys('cards/registrations/');
  const docs = await Promise.all(keys.map((key) => app.store.read(registrationsDoc(key.split('/').pop()!))));
  return docs.flatMap((doc) => doc.registrations).sort((a, b) => a.registeredAt.localeCompare(b.registeredAt));
}

/** The registration of one card, if its customer registered it. */
export async function cardRegistration(app: App, cardId: string): Promise<Registration | undefined> {
  return (await cardRegistrations(app, [cardId])).get(cardId);
}

/**
 * The registrations of these cards, by card: one small document each, however
 * many members the shop has.
 * @example (await cardRegistrations(app, ['K7M2Q9XA'])).get('K7M2Q9XA')?.name
 */
export async function cardRegistrations(app: App, cards: readonly string[]): Promise<Map<string, Registration>> {
  const unpacked = new Set((await app.store.read(unpackedDoc)).shards);
  const pending = [...new Set(cards.map(cardShard))].filter((shard) => !unpacked.has(shard));
  if (pending.length > 0) await unpack(app, pending);
  const docs = await Promise.all([...new Set(cards)].map((card) => app.store.read(registrationDoc(card))));
  return new Map(docs.flatMap(({ registration }) => (registration ? [[registration.card, registration] as const] : [])));
}

/** Writes a card's own registration document after its shard changed (null: erased). */
export async function saveCardRegistration(app: App, card: string, registration: Registration | null): Promise<void> {
  await app.store.update(registrationDoc(card), (draft) => {
    draft.registration = registration;
  });
}

/**
 * Gives every registration of these shards its card's document, once. Only
 * if new: a document already there was written after its shard changed, so it
 * is as new as the shard or newer (a registration or an erasure running now).
 */
async function unpack(app: App, shards: readonly string[]): Promise<void> {
  for (const shard of shards) {
    const { registrations } = await app.store.read(registrationsDoc(shard));
    await inBatches(registrations, (registration) => app.store.create(registrationDoc(registration.card), { registration }));
  }
  await app.store.update(unpackedDoc, (draft) => {
    draft.shards = [...new Set([...draft.shards, ...shards])].sort();
  });
}

/** The card id of a genuine code (CARD_SECRET), or null: no store lookup. */
export function cardIdOf(app: App, code: string): string | null {
  return verifyCardCode(app.secret('CARD_SECRET'), code);
}

export type AppendResult =
  | { ok: true; event: CardEvent; events: CardEvent[]; repeated: boolean }
  | { ok: false; verdict: Exclude<Verdict, { ok: true }>; events: CardEvent[] };

/**
 * Appends a stamp or redemption to a card's ledger if `rule` allows it, as one
 * atomic update of that card's document: two concurrent requests see each other's
 * events, so a reward is redeemed once, and cards never wait for one another. A
 * key already on the card is not applied again (a double tap). The event is then
 * filed under its day for the dashboard; a retry with the same key files it if a
 * crash came between the two writes.
 */
export async function appendCardEvent(
  app: App,
  cardId: string,
  type: CardEventType,
  key: string,
  rule: (events: CardEvent[], now: Date) => Verdict,
): Promise<AppendResult> {
  const now = app.now();
  const result = await app.store.update(await ledgerFor(app, cardId), (draft): AppendResult => {
    const events = draft.events.toSorted(byTime);
    const previous = events.find((event) => event.key === key);
    if (previous) return { ok: true, event: previous, events, repeated: true };
    const verdict = rule(events, now);
    if (!verdict.ok) return { ok: false, verdict, events };
    const event: CardEvent = { card: cardId, type, at: now.toISOString(), key };
    draft.events.push(event);
    return { ok: true, event, events: [...events, event], repeated: false };
  });
  if (result.ok) await app.store.create(cardDayDoc(result.event), result.event);
  return result;
}

/** A card's events in the month documents of the layout before the ledger. */
async function legacyEvents(app: App, cardId: string): Promise<CardEvent[]> {
  const shard = cardShard(cardId);
  const months = (await eventKeys(app)).filter((k) => k.shard === shard).map((k) => k.month);
  const docs = await Promise.all(months.map((month) => app.store.read(eventsDoc(month, shard))));
  return docs.flatMap((doc) => doc.events.filter((event) => event.card === cardId)).sort(byTime);
}

function byTime(a: CardEvent, b: CardEvent): number {
  return a.at.localeCompare(b.at);
}

/** What a stamp or a redemption answers; `balance` is the card's after the attempt. */
export type CardActionResult =
  | { ok: true; cardId: string; balance: CardBalance; repeated: boolean }
  | { ok: false; reason: 'invalid-code' }
  | { ok: false; reason: Exclude<Verdict, { ok: true }>['reason']; cardId: string; balance: CardBalance; retryAt?: Date };

/** Verifies the code, applies `rule` and appends the event: the shared core of stamping and redeeming. */
export async function cardAction(
  app: App,
  programme: { stampsPerReward: number },
  input: { code: string; key: string },
  type: CardEventType,
  rule: (events: CardEvent[], now: Date) => Verdict,
): Promise<CardActionResult> {
  const cardId = cardIdOf(app, input.code);
  if (!cardId) return { ok: false, reason: 'invalid-code' };
  const result = await appendCardEvent(app, cardId, type, input.key, rule);
  const balance = cardBalance(result.events, programme);
  if (result.ok) return { ok: true, cardId, balance, repeated: result.repeated };
  const { verdict } = result;
  return { ok: false, reason: verdict.reason, cardId, balance, ...('retryAt' in verdict ? { retryAt: verdict.retryAt } : {}) };
}
