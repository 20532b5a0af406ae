import type { App } from '../app.ts';
import type { CardEvent } from '../domain/card.ts';
import type { Activity } from '../domain/ladder.ts';
import { normaliseEmail } from '../domain/newsletter.ts';
import { npsScore, type SurveyRules } from '../domain/survey.ts';
import { cardEvents, listRegistrations, type Registration } from './cards.ts';
import { listSubscribers, type Subscriber } from './newsletter-store.ts';
import { listResponses, listReviewClicks, type ReviewClick, type SurveyResponse } from './responses.ts';

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

export interface PeopleRecords {
  subscribers: Subscriber[];
  registrations: Registration[];
  events: CardEvent[];
  responses: SurveyResponse[];
  reviewClicks: ReviewClick[];
  /** Survey definitions by id: which question is the NPS. */
  surveys: Map<string, SurveyRules>;
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
  for (const response of records.responses) {
    const email = response.contact?.email ? normaliseEmail(response.contact.email) : null;
    const survey = records.surveys.get(response.survey);
    if (!email || !survey) continue;
    const at = new Date(response.submittedAt);
    const person = personFor(email, at, email, response.contact?.name);
    const score = npsScore(survey, response.answers);
    if (score !== undefined) person.activity.npsAnswers.push({ at, score });
    responseOwner.set(response.id, email);
  }
  for (const click of records.reviewClicks) {
    const email = click.responseId ? responseOwner.get(click.responseId) : undefined;
    if (email) people.get(email)!.activity.reviewClicks.push(new Date(click.at));
  }
  return [...people.values()];
}

/** Every known person, from every store document (the ladder's input). */
export async function loadPeople(app: App, surveys: Map<string, SurveyRules>, stampsPerReward: number): Promise<Person[]> {
  const [subscribers, registrations, events, responses, reviewClicks] = await Promise.all([
    listSubscribers(app),
    listRegistrations(app),
    cardEvents(app),
    listResponses(app),
    listReviewClicks(app),
  ]);
  return joinPeople({ subscribers, registrations, events, responses, reviewClicks, surveys, stampsPerReward });
}
