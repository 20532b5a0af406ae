import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../app.ts';
import { normaliseEmail } from '../domain/newsletter.ts';
import { addDelta, advance, emptyTally, foldEvents, subscriberStates, type Delta, type PeopleEvent, type PersonState, type Tally } from '../domain/people-rollup.ts';
import type { SurveyRules } from '../domain/survey.ts';
import { locales } from '../i18n/locales.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { cardActivity, type CardActivity } from './card-activity.ts';
import { cardHistory, cardRegistrations, listRegistrations, REGISTERED, registrationsSince, type Registration } from './cards.ts';
import { allSubscribers, SUBSCRIBER_CHANGES, subscriberChangesSince, type Subscriber } from './newsletter-store.ts';
import { contactActivity, type ContactActivity } from './contact-activity.ts';
import { getResponse, listReviewClicks, type ReviewClick } from './responses.ts';
import { dayKeysIn } from './records.ts';
import { DAY_MS, dayStart, firstMonth, openFrom } from './rollup-months.ts';
import { dayOf } from '../domain/periods.ts';

/**
 * The ladder and the subscriber states as running rollups (see
 * domain/people-rollup.ts), folded from the stored records once per closed day:
 *
 *   rollups/people/tally          the counts after `through` (the last day folded), the fold in progress
 *   rollups/people/shards/{hh}    each known person's state, by the first byte of their key's hash
 *   rollups/people/days/{yyyy-mm} the counts at the end of each folded day of a month that changed them
 *   rollups/people/erased/{yyyy-mm-dd}/{key}  a person erased that day: the fold takes them out of the counts
 *
 * A fold takes a span of closed days at a time: it writes its span in the
 * tally first, so whoever resumes it (the folder died, or ran out of time)
 * folds the same span; each shard remembers what its last span changed, so a
 * shard folded twice counts once. Open days are folded on the fly, never stored.
 */

const SHARDS = 'rollups/people/shards/';
const nums = z.array(z.number());
const counts = z.object({ rungs: nums, newsletter: z.record(z.enum(subscriberStates), z.record(z.enum(locales), z.number())) });
const tallySchema = counts.extend({ month: z.string().nullable(), moves: z.array(nums) });
const deltaSchema = counts.extend({ moves: z.array(nums) });
const personSchema = z.object({
  rung: z.number(),
  newsletter: z.tuple([z.enum(subscriberStates), z.enum(locales)]).optional(),
  visits: z.number(),
  lastVisit: z.string().optional(),
  cards: z.record(z.string(), z.number()),
  nps: z.number().optional(),
  reviewClicks: z.number(),
  mark: z.tuple([z.string(), z.number()]).optional(),
});

const span = z.object({ from: z.string(), to: z.string() });
type PeopleTally = { through: string | null; tally: Tally; folding?: z.infer<typeof span> & { until: string } };
export const peopleTallyDoc: Doc<PeopleTally> = defineDoc(
  'rollups/people/tally',
  z.object({ through: z.string().nullable(), tally: tallySchema, folding: span.extend({ until: z.string() }).optional() }),
  () => ({ through: null, tally: emptyTally() }),
);
const shardDoc = (shard: string): Doc<{ through: string | null; last?: { to: string; days: Record<string, Delta> }; people: Record<string, PersonState> }> =>
  defineDoc(
    `${SHARDS}${shard}`,
    z.object({ through: z.string().nullable(), last: z.object({ to: z.string(), days: z.record(z.string(), deltaSchema) }).optional(), people: z.record(z.string(), personSchema) }),
    () => ({ through: null, people: {} }),
  );
type DayCounts = z.infer<typeof counts>;
export const peopleDaysDoc = (month: string): Doc<{ days: Record<string, DayCounts> }> =>
  defineDoc(`rollups/people/days/${month}`, z.object({ days: z.record(z.string(), counts) }), () => ({ days: {} }));

/** A person's key: the hash of their address, or of their card for a card nobody registered. */
export const personKey = (email: string): string => createHash('sha256').update(email).digest('hex').slice(0, 32);
const cardKey = (card: string): string => personKey(`card:${card}`);
const shardOfKey = (key: string): string => key.slice(0, 2);

/** What the people rollup is folded from, for a span of time. */
interface Sources {
  subscribers: Subscriber[];
  registrations: Registration[];
  cards: CardActivity[];
  contacts: ContactActivity[];
  clicks: ReviewClick[];
  /** The card events before `from` a registration in the span needs (its earlier stamps). */
  cardBefore: (card: string, before: string) => Promise<CardActivity[]>;
  emailOfResponse: (id: string) => Promise<string | undefined>;
  erased: { at: string; person: string }[];
}

const ERASED = 'rollups/people/erased/';
const erasedSchema = z.object({ at: z.string() }).nullable();
const erasedDoc = (day: string, key: string) => defineDoc(`${ERASED}${day}/${key}`, erasedSchema, () => null);

/** Takes an erased person out of the counts (at the next fold; their state holds no address or name). */
export async function eraseFromPeopleRollup(app: App, email: string): Promise<void> {
  const at = app.now().toISOString();
  await app.store.create(erasedDoc(at.slice(0, 10), personKey(email)), { at });
}

async function erasedSince(app: App, from?: Date): Promise<Sources['erased']> {
  const keys = await dayKeysIn(app, ERASED, from ? { from } : {});
  const docs = await Promise.all(keys.map(async (key) => ({ person: key.split('/').pop()!, at: (await app.store.read(defineDoc(key, erasedSchema, () => null)))?.at })));
  return docs.flatMap(({ person, at }) => (at ? [{ person, at }] : []));
}

/** The events of a span, oldest first (ties: in the order the ladder needs them). */
async function eventsOf(sources: Sources, from: string, to: string): Promise<PeopleEvent[]> {
  const within = (at: string | undefined): at is string => !!at && at >= from && at < to;
  const events: PeopleEvent[] = [];
  for (const subscriber of sources.subscribers) {
    const person = personKey(subscriber.email);
    const steps = [
      [subscriber.subscribedAt, 'pending'],
      [subscriber.confirmedAt, 'confirmed'],
      [subscriber.unsubscribedAt, 'unsubscribed'],
    ] as const;
    for (const [at, state] of steps) if (within(at)) events.push({ at, person, kind: 'newsletter', state, locale: subscriber.locale });
  }
  const owners = new Map<string, Registration>();
  for (const registration of sources.registrations) {
    const email = normaliseEmail(registration.email);
    if (!email) continue;
    owners.set(registration.card, registration);
    if (!within(registration.registeredAt)) continue;
    const earlier = (await sources.cardBefore(registration.card, registration.registeredAt)).filter((event) => event.type === 'stamp');
    const days = [...new Set(earlier.map((event) => event.at.slice(0, 10)))];
    const at = registration.registeredAt;
    events.push({ at, person: cardKey(registration.card), kind: 'leave' });
    events.push({ at, person: personKey(email), kind: 'merge', card: registration.card, stamps: earlier.length, days });
  }
  for (const event of sources.cards) {
    if (event.type !== 'stamp' || !within(event.at)) continue;
    const owner = owners.get(event.card);
    const email = owner && owner.registeredAt <= event.at ? normaliseEmail(owner.email) : null;
    events.push({ at: event.at, person: email ? personKey(email) : cardKey(event.card), kind: 'stamp', card: event.card });
  }
  for (const contact of sources.contacts) {
    if (!within(contact.at)) continue;
    const person = personKey(contact.email);
    events.push(contact.nps === undefined ? { at: contact.at, person, kind: 'seen' } : { at: contact.at, person, kind: 'nps', score: contact.nps });
  }
  for (const click of sources.clicks) {
    if (!within(click.at) || !click.responseId) continue;
    const email = await sources.emailOfResponse(click.responseId);
    if (email) events.push({ at: click.at, person: personKey(email), kind: 'review' });
  }
  for (const { at, person } of sources.erased) if (within(at)) events.push({ at, person, kind: 'leave' });
  // A registration's leave comes before its merge: sort keeps the order of equal times.
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** The lists a fold reads whole once (they have no day folders): subscribers, registrations, erasures. */
type Lists = Pick<Sources, 'subscribers' | 'registrations' | 'erased'>;

async function wholeLists(app: App): Promise<Lists> {
  const [subscribers, registrations, erased] = await Promise.all([allSubscribers(app.store), listRegistrations(app), erasedSince(app)]);
  return { subscribers, registrations, erased };
}

/**
 * Every source over all history up to `to`, the end of the span folded: the
 * records come from month packs, and a span packs at most its own months, so
 * the first fold of a shop with years stored spends its time span by span.
 */
async function historySources(app: App, surveys: ReadonlyMap<string, SurveyRules>, lists: Lists, to: Date): Promise<Sources> {
  const [cards, contacts, clicks] = await Promise.all([cardActivity(app, { to }), contactActivity(app, surveys, { to }), listReviewClicks(app, { to })]);
  const byCard = Map.groupBy(cards, (event) => event.card);
  const emails = new Map(contacts.map((contact) => [contact.id, contact.email]));
  return {
    ...lists,
    cards,
    contacts,
    clicks,
    cardBefore: async (card, before) => (byCard.get(card) ?? []).filter((event) => event.at < before),
    emailOfResponse: async (id) => emails.get(id),
  };
}

/** The sources of the days still open: only what changed since `from`. */
async function liveSources(app: App, surveys: ReadonlyMap<string, SurveyRules>, from: Date): Promise<Sources> {
  const [subscribers, registered, cards, contacts, clicks, erased] = await Promise.all([
    subscriberChangesSince(app, from),
    registrationsSince(app, from),
    cardActivity(app, { from }),
    contactActivity(app, surveys, { from }),
    listReviewClicks(app, { from }),
    erasedSince(app, from),
  ]);
  // Who owns each card stamped today: its registration, however old.
  const owners = await cardRegistrations(app, cards.map((event) => event.card));
  const registrations = [...new Map([...registered, ...owners.values()].map((r) => [r.card, r])).values()];
  return {
    subscribers,
    registrations,
    cards,
    contacts,
    clicks,
    erased,
    cardBefore: async (card, before) => (await cardHistory(app, card)).filter((event) => event.at < before),
    emailOfResponse: async (id) => {
      const email = (await getResponse(app, id))?.contact?.email;
      return email ? (normaliseEmail(email) ?? undefined) : undefined;
    },
  };
}

const nextDay = (day: string) => dayOf(dayStart(day) + DAY_MS);
/** At most this many days per span: a span's shard writes stay small, and a fold can stop between spans. */
const SPAN_DAYS = 92;
const LEASE_MS = 60_000;

export interface PeopleContent {
  surveys: ReadonlyMap<string, SurveyRules>;
  stampsPerReward: number;
}

/**
 * Folds closed days into the rollup until it is up to date or `deadline`
 * (epoch ms of the machine's clock: time spent, not the shop's time) has
 * passed; `complete` when up to date, with the tally as last read. Another
 * fold running elsewhere is left to finish (not complete).
 */
export async function foldPeople(app: App, content: PeopleContent, deadline: number): Promise<{ complete: boolean; stored: PeopleTally }> {
  const open = openFrom(app);
  let lists: Lists | undefined;
  for (;;) {
    const stored = await app.store.read(peopleTallyDoc);
    if (stored.through !== null && stored.through >= dayOf(dayStart(open) - DAY_MS)) return { complete: true, stored };
    if (Date.now() > deadline) return { complete: false, stored };
    const now = app.now().getTime();
    if (stored.folding && Date.parse(stored.folding.until) > now) return { complete: false, stored };
    lists ??= await wholeLists(app);
    const first = stored.through === null ? await firstDay(app, lists) : nextDay(stored.through);
    if (!first || first >= open) return { complete: true, stored };
    const wanted = stored.folding ?? { from: first, to: dayOf(Math.min(dayStart(first) + (SPAN_DAYS - 1) * DAY_MS, dayStart(open) - DAY_MS)) };
    const claimed = await app.store.update(peopleTallyDoc, (draft) => {
      if (draft.through !== stored.through || (draft.folding && Date.parse(draft.folding.until) > now && draft.folding.from !== wanted.from)) return false;
      draft.folding = { ...wanted, until: new Date(now + LEASE_MS).toISOString() };
      return true;
    });
    if (!claimed) continue;
    await foldSpan(app, content, await historySources(app, content.surveys, lists, new Date(dayStart(wanted.to) + DAY_MS)), stored.through, wanted);
  }
}

async function firstDay(app: App, sources: Lists): Promise<string | undefined> {
  const month = await firstMonth(app, ['responses/', 'feedback/responses/', 'cards/events/', 'cards/days/']);
  const dates = [month && `${month}-01`, ...sources.subscribers.map((s) => s.subscribedAt), ...sources.registrations.map((r) => r.registeredAt)];
  return dates.filter((date): date is string => !!date).sort()[0]?.slice(0, 10);
}

/** Folds one span into every shard it touches, then the day counts, then commits the tally. */
async function foldSpan(app: App, content: PeopleContent, sources: Sources, through: string | null, span: { from: string; to: string }): Promise<void> {
  const events = await eventsOf(sources, `${span.from}T00:00:00.000Z`, new Date(dayStart(span.to) + DAY_MS).toISOString());
  const byShard = Map.groupBy(events, (event) => shardOfKey(event.person));
  const deltas = await Promise.all(
    [...byShard].map(([shard, shardEvents]) =>
      app.store.update(shardDoc(shard), (draft) => {
        if (draft.through !== null && draft.through >= span.to) {
          if (draft.last?.to !== span.to) throw new Error(`Shard ${shard} is past ${span.to} without its change`);
          return draft.last.days;
        }
        const days = Object.fromEntries(foldEvents(draft.people, shardEvents, content.stampsPerReward));
        draft.through = span.to;
        draft.last = { to: span.to, days };
        return structuredClone(days);
      }),
    ),
  );
  const start = await app.store.read(peopleTallyDoc);
  if (start.through !== through) return;
  const tally = structuredClone(start.tally);
  const byMonth = new Map<string, Record<string, DayCounts>>();
  for (const [day, delta] of mergeDays(deltas)) {
    advance(tally, day, delta);
    const month = byMonth.get(day.slice(0, 7)) ?? byMonth.set(day.slice(0, 7), {}).get(day.slice(0, 7))!;
    month[day] = { rungs: [...tally.rungs], newsletter: structuredClone(tally.newsletter) };
  }
  await Promise.all([...byMonth].map(([month, days]) => app.store.update(peopleDaysDoc(month), (draft) => void Object.assign(draft.days, days))));
  await app.store.update(peopleTallyDoc, (draft) => {
    if (draft.through !== through) return;
    draft.through = span.to;
    draft.tally = tally;
    delete draft.folding;
  });
}

/** Each day's change summed over shards, oldest first. */
function mergeDays(shards: readonly Record<string, Delta>[]): [string, Delta][] {
  const days = new Map<string, Delta>();
  for (const shard of shards) {
    for (const [day, delta] of Object.entries(shard)) {
      const into = days.get(day);
      if (!into) days.set(day, structuredClone(delta));
      else addDelta(into, delta);
    }
  }
  return [...days].sort(([a], [b]) => a.localeCompare(b));
}


/** The rollup as it stands now: the stored counts moved forward by the open days. */
export interface PeopleNow {
  tally: Tally;
  /** False when older days are still being folded (the counts stand at `through`). */
  complete: boolean;
  through: string | null;
}

/** The records of the open days, the stored records a view adds to the counts. */
const OPEN_ROOTS = ['feedback/responses/', 'feedback/review-clicks/', 'cards/days/', REGISTERED, SUBSCRIBER_CHANGES, ERASED];
/** The open days' counts as last computed, and what they were computed from. */
const liveDoc = defineDoc('rollups/people/live', z.object({ of: z.string(), tally: tallySchema }), () => ({ of: '', tally: emptyTally() }));

/**
 * The people rollup now: folds closed days first (within `budgetMs`), then
 * adds the open days' records to the stored counts without storing them in the
 * rollup. The result is kept (rollups/people/live) with a digest of the open
 * days' record keys: while no record arrives, a view lists keys and reads nothing else.
 */
export async function peopleNow(app: App, content: PeopleContent, budgetMs = 15_000): Promise<PeopleNow> {
  const { complete, stored } = await foldPeople(app, content, Date.now() + budgetMs);
  if (!complete) return { tally: stored.tally, complete, through: stored.through };
  const from = new Date(dayStart(openFrom(app)));
  const days = [dayOf(from.getTime()), dayOf(app.now().getTime())].filter((day, index, all) => all.indexOf(day) === index);
  const keys = await Promise.all(OPEN_ROOTS.flatMap((root) => days.map((day) => app.store.keys(`${root}${day}/`))));
  const of = createHash('sha256').update(JSON.stringify([stored.through, content.stampsPerReward, [...content.surveys.keys()], keys])).digest('hex');
  const live = await app.store.read(liveDoc);
  if (live.of === of) return { tally: live.tally, complete, through: stored.through };

  const events = await eventsOf(await liveSources(app, content.surveys, from), from.toISOString(), new Date(app.now().getTime() + 1).toISOString());
  const tally = structuredClone(stored.tally);
  const byShard = Map.groupBy(events, (event) => shardOfKey(event.person));
  const shards = await Promise.all([...byShard].map(async ([shard, shardEvents]) => foldEvents((await app.store.read(shardDoc(shard))).people, shardEvents, content.stampsPerReward)));
  for (const [day, delta] of mergeDays(shards.map((days) => Object.fromEntries(days)))) advance(tally, day, delta);
  await app.store.update(liveDoc, (draft) => void Object.assign(draft, { of, tally }));
  return { tally, complete, through: stored.through };
}

/**
 * The counts at the end of each day asked for (`2026-10-31`): from the day
 * counts of folded days (the day's month, or the latest month before it that
 * changed them), and `now` for days not folded yet.
 * @example await countsAtDays(app, ['2026-10-31', '2026-11-26'], await peopleNow(app, content))
 */
export async function countsAtDays(app: App, days: readonly string[], now: PeopleNow): Promise<DayCounts[]> {
  const months = (await app.store.keys('rollups/people/days/')).map((key) => key.slice(-7)).sort().reverse();
  const read = new Map<string, Promise<Record<string, DayCounts>>>();
  const daysOf = (month: string) => read.get(month) ?? read.set(month, app.store.read(peopleDaysDoc(month)).then((doc) => doc.days)).get(month)!;
  const zero: DayCounts = { rungs: emptyTally().rungs, newsletter: emptyTally().newsletter };
  return Promise.all(
    days.map(async (day) => {
      if (now.through === null || day > now.through) return { rungs: now.tally.rungs, newsletter: now.tally.newsletter };
      for (const month of months.filter((m) => m <= day.slice(0, 7))) {
        const counts = await daysOf(month);
        const last = Object.keys(counts).filter((d) => d <= day).sort().at(-1);
        if (last) return counts[last]!;
      }
      return zero;
    }),
  );
}
