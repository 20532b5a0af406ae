import { z } from 'zod';
import type { App } from '../app.ts';
import type { Activity } from '../domain/ladder.ts';
import { normaliseEmail } from '../domain/newsletter.ts';
import { npsScore, type SurveyRules } from '../domain/survey.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { cardActivity, type CardActivity } from './card-activity.ts';
import { listRegistrations, type Registration } from './cards.ts';
import { listSubscribers, type Subscriber } from './newsletter-store.ts';
import type { Period } from './records.ts';
import { listResponses, listReviewClicks, type ReviewClick } from './responses.ts';
import { packedMonths, type MonthPack } from './rollup-months.ts';

/**
 * The shop's known customers for the loyalty ladder: everything the features
 * store, joined by email address. A card nobody registered still counts, as an
 * anonymous customer known by its card.
 */

export interface Person {
  /** The normalised email, or `card:{id}` for an unregistered card. */
  key: string;
  email: string | undefined;
  name: string | undefined;
  activity: Activity;
}

/** A response that left an address: who, when, and their NPS answer if the survey asked it. */
const contactSchema = z.object({ id: z.string(), at: z.string(), email: z.string(), name: z.string().optional(), nps: z.number().optional() });
export type ContactActivity = z.infer<typeof contactSchema>;

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
 * Responses that left an address, packed a month per document once their days
 * are closed (`rollups/contacts/{yyyy-mm}`): the ladder reads one document per
 * month, not every response. An erasure takes its entries out (privacy.ts).
 */
export const contactPackDoc = (month: string): Doc<MonthPack<ContactActivity>> =>
  defineDoc(`rollups/contacts/${month}`, z.object({ through: z.string().nullable(), items: z.array(contactSchema) }), () => ({ through: null, items: [] }));

/** Every response that left an address in a period (all history without one), oldest first. */
export function contactActivity(app: App, surveys: ReadonlyMap<string, SurveyRules>, period: Period = {}): Promise<ContactActivity[]> {
  const read = async (from: Date, to: Date) =>
    (await listResponses(app, { from, to })).flatMap((response): ContactActivity[] => {
      const email = response.contact?.email ? normaliseEmail(response.contact.email) : null;
      const survey = surveys.get(response.survey);
      if (!email || !survey) return [];
      const nps = npsScore(survey, response.answers);
      return [{ id: response.id, at: response.submittedAt, email, ...(response.contact?.name ? { name: response.contact.name } : {}), ...(nps === undefined ? {} : { nps }) }];
    });
  return packedMonths(app, { pack: contactPackDoc, prefixes: ['responses/', 'feedback/responses/'], read, at: (contact) => contact.at }, period);
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
