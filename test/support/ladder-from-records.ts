import type { App } from '../../src/app.ts';
import { rungOf, rungs, type Facts, type Movement, type Rung } from '../../src/domain/ladder.ts';
import { normaliseEmail } from '../../src/domain/newsletter.ts';
import type { SubscriberState } from '../../src/domain/people-rollup.ts';
import type { SurveyRules } from '../../src/domain/survey.ts';
import { cardActivity, type CardActivity } from '../../src/services/card-activity.ts';
import { listRegistrations, type Registration } from '../../src/services/cards.ts';
import { listSubscribers, type Subscriber } from '../../src/services/newsletter-store.ts';
import { contactActivity, type ContactActivity } from '../../src/services/contact-activity.ts';
import { listReviewClicks, type ReviewClick } from '../../src/services/responses.ts';

/**
 * The ladder and the subscriber states computed from every stored record at
 * any moment: the definition the running rollup (src/domain/people-rollup.ts)
 * must agree with, kept here as the tests' reference. Known customers are joined
 * by email address; a card nobody registered counts on its own.
 */

/** One person's dated activity, from which their facts at any moment follow. */
export interface Activity {
  /** When the shop first learned of them (any source). */
  firstSeen: Date;
  /** Confirmed-subscription intervals: from confirmation to unsubscription, if any. */
  subscriptions: { from: Date; to?: Date | undefined }[];
  /** Every stamp on any of their cards. */
  stamps: { card: string; at: Date }[];
  stampsPerReward: number;
  npsAnswers: { at: Date; score: number }[];
  reviewClicks: Date[];
}

const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/** The facts about a person as they stood at `at` (events after it are ignored); undefined before they were known. */
export function factsAt(activity: Activity, at: Date): Facts | undefined {
  if (activity.firstSeen > at) return undefined;
  const before = (date: Date) => date <= at;
  const stamps = activity.stamps.filter((stamp) => before(stamp.at));
  const perCard = new Map<string, number>();
  for (const stamp of stamps) perCard.set(stamp.card, (perCard.get(stamp.card) ?? 0) + 1);
  const latest = activity.npsAnswers.filter((answer) => before(answer.at)).sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1);
  return {
    subscribed: activity.subscriptions.some((s) => before(s.from) && (!s.to || s.to > at)),
    visits: new Set(stamps.map((stamp) => dayKey(stamp.at))).size,
    rewardCycles: [...perCard.values()].reduce((sum, count) => sum + Math.floor(count / activity.stampsPerReward), 0),
    latestNps: latest?.score,
    reviewClicks: activity.reviewClicks.filter(before).length,
  };
}

/** How many people stand on each rung at `at`. */
export function rungCounts(people: Activity[], at: Date): Record<Rung, number> {
  const counts = Object.fromEntries(rungs.map((rung) => [rung, 0])) as Record<Rung, number>;
  for (const person of people) {
    const facts = factsAt(person, at);
    if (facts) counts[rungOf(facts)] += 1;
  }
  return counts;
}

/**
 * How people moved on the ladder between two moments (e.g. the ends of two
 * consecutive months).
 * @example ladderMovement(people, new Date('2026-10-31T23:59:59Z'), new Date('2026-11-30T23:59:59Z'))
 */
export function ladderMovement(people: Activity[], from: Date, to: Date): Movement {
  const movement: Movement = {
    new: 0,
    up: 0,
    down: 0,
    same: 0,
    byRung: Object.fromEntries(rungs.map((rung) => [rung, { arrived: 0, left: 0 }])) as Movement['byRung'],
  };
  for (const person of people) {
    const after = factsAt(person, to);
    if (!after) continue;
    const next = rungOf(after);
    const earlier = factsAt(person, from);
    if (!earlier) {
      movement.new += 1;
      movement.byRung[next].arrived += 1;
      continue;
    }
    const previous = rungOf(earlier);
    const change = rungs.indexOf(next) - rungs.indexOf(previous);
    if (change === 0) {
      movement.same += 1;
      continue;
    }
    movement[change > 0 ? 'up' : 'down'] += 1;
    movement.byRung[next].arrived += 1;
    movement.byRung[previous].left += 1;
  }
  return movement;
}

/** What a subscriber record tells about its history (ISO date-times). */
export interface SubscriberDates {
  subscribedAt: string;
  confirmedAt?: string | undefined;
  unsubscribedAt?: string | undefined;
}

/**
 * The state a subscriber was in at `at`: the latest of its dated steps up to
 * then; undefined before the first. A record keeps only its latest sign-up, so an
 * address that left and came back shows its earlier history only from the dates kept.
 * @example stateAt({ subscribedAt: '2026-10-01T…', confirmedAt: '2026-10-02T…' }, new Date('2026-10-01T12:00:00Z')) → 'pending'
 */
export function stateAt(subscriber: SubscriberDates, at: Date): SubscriberState | undefined {
  const steps: [string | undefined, SubscriberState][] = [
    [subscriber.subscribedAt, 'pending'],
    [subscriber.confirmedAt, 'confirmed'],
    [subscriber.unsubscribedAt, 'unsubscribed'],
  ];
  const limit = at.toISOString();
  return steps
    .filter((step): step is [string, SubscriberState] => step[0] !== undefined && step[0] <= limit)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .at(-1)?.[1];
}

/** How many subscribers were in each state at `at`. */
export function statesAt(subscribers: readonly SubscriberDates[], at: Date): Record<SubscriberState, number> {
  const counts: Record<SubscriberState, number> = { pending: 0, confirmed: 0, unsubscribed: 0 };
  for (const subscriber of subscribers) {
    const state = stateAt(subscriber, at);
    if (state) counts[state] += 1;
  }
  return counts;
}

export interface Person {
  /** The normalised email, or `card:{id}` for an unregistered card. */
  key: string;
  email: string | undefined;
  name: string | undefined;
  activity: Activity;
}

export interface PeopleRecords {
  subscribers: Subscriber[];
  registrations: Registration[];
  events: CardActivity[];
  contacts: ContactActivity[];
  reviewClicks: ReviewClick[];
  stampsPerReward: number;
}

/** Joins the stored records into people (pure). */
export function joinPeople(records: PeopleRecords): Person[] {
  const people = new Map<string, Person>();
  const personFor = (key: string, seen: Date, email?: string, name?: string): Person => {
    let person = people.get(key);
    if (!person) {
      person = { key, email, name, activity: { firstSeen: seen, subscriptions: [], stamps: [], stampsPerReward: records.stampsPerReward, npsAnswers: [], reviewClicks: [] } };
      people.set(key, person);
    }
    if (seen < person.activity.firstSeen) person.activity.firstSeen = seen;
    person.name ??= name;
    return person;
  };

  for (const subscriber of records.subscribers) {
    const person = personFor(subscriber.email, new Date(subscriber.subscribedAt), subscriber.email);
    if (subscriber.confirmedAt) {
      const to = subscriber.unsubscribedAt && subscriber.unsubscribedAt > subscriber.confirmedAt ? new Date(subscriber.unsubscribedAt) : undefined;
      person.activity.subscriptions.push({ from: new Date(subscriber.confirmedAt), to });
    }
  }

  const cardOwner = new Map<string, string>();
  for (const registration of records.registrations) {
    const email = normaliseEmail(registration.email);
    if (!email) continue;
    personFor(email, new Date(registration.registeredAt), email, registration.name);
    cardOwner.set(registration.card, email);
  }
  for (const event of records.events) {
    if (event.type !== 'stamp') continue;
    const at = new Date(event.at);
    const person = personFor(cardOwner.get(event.card) ?? `card:${event.card}`, at);
    person.activity.stamps.push({ card: event.card, at });
  }

  const responseOwner = new Map<string, string>();
  for (const contact of records.contacts) {
    const at = new Date(contact.at);
    const person = personFor(contact.email, at, contact.email, contact.name);
    if (contact.nps !== undefined) person.activity.npsAnswers.push({ at, score: contact.nps });
    responseOwner.set(contact.id, contact.email);
  }
  for (const click of records.reviewClicks) {
    const email = click.responseId ? responseOwner.get(click.responseId) : undefined;
    if (email) people.get(email)!.activity.reviewClicks.push(new Date(click.at));
  }
  return [...people.values()];
}

/**
 * Every known person (the ladder's input), from the month packs and today's
 * records; `known` passes lists the caller has already read.
 */
export async function loadPeople(
  app: App,
  surveys: Map<string, SurveyRules>,
  stampsPerReward: number,
  known: Partial<Pick<PeopleRecords, 'subscribers' | 'registrations' | 'events'>> = {},
): Promise<Person[]> {
  const [subscribers, registrations, events, contacts, reviewClicks] = await Promise.all([
    known.subscribers ?? listSubscribers(app),
    known.registrations ?? listRegistrations(app),
    known.events ?? cardActivity(app),
    contactActivity(app, surveys),
    listReviewClicks(app),
  ]);
  return joinPeople({ subscribers, registrations, events, contacts, reviewClicks, stampsPerReward });
}
