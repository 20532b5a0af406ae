import { z } from 'zod';
import type { App } from '../app.ts';
import { cardShard, type CardEvent } from '../domain/card.ts';
import { normaliseEmail } from '../domain/newsletter.ts';
import { pseudonym } from '../domain/signing.ts';
import { defineDoc } from '../store/store.ts';
import { cardHistory, markErased, registrationsDoc, saveCardRegistration, type Registration } from './cards.ts';
import { birthdayLogDoc, birthdayLogs, eraseSubscriber, getSubscriber, type BirthdaySend, type Subscriber } from './newsletter-store.ts';
import { contactPackDoc } from './contact-activity.ts';
import { eraseFromPeopleRollup } from './people-rollup.ts';
import { addressesOf, forgetPerson, indexedRecords, registrationsOf, unfoldedRecords } from './person-index.ts';
import { findFollowup, getResponse, monthOfId, updateFollowupRecord, updateResponse, type Followup, type SurveyResponse } from './responses.ts';
import { eraseSendsTo, sendsTo, type NewsletterSend } from './send-log-people.ts';
import { forgetSuppressedAddress, suppressionOf, type Suppression } from './suppressions.ts';
import { redact } from '../domain/redact.ts';

/**
 * A person's data across the features, found by email address: to give them a
 * copy (right of access) or to erase it (right to erasure), with each erasure
 * logged without the address itself.
 */

export interface PersonData {
  email: string;
  subscriber: Subscriber | undefined;
  /** Registered loyalty cards, each with its stamps and redemptions. */
  cards: { registration: Registration; events: CardEvent[] }[];
  /** Survey responses where they left this address to be contacted. */
  responses: SurveyResponse[];
  followups: Followup[];
  birthdayGreetings: (BirthdaySend & { year: number })[];
  /** Never emailed again after a hard bounce or a spam complaint (newsletter suppression list). */
  suppression: Suppression | undefined;
  /** Newsletter batches that went to the address, and failed sends to it. */
  newsletterSends: NewsletterSend[];
}

const sameEmail = (email: string) => (other: string | undefined) => other !== undefined && normaliseEmail(other) === email;

/**
 * Everything stored about an address; undefined when it is not an email address.
 * @example const data = await findPerson(app, 'Ana@Example.com') // data.responses, data.cards…
 */
export async function findPerson(app: App, raw: string): Promise<PersonData | undefined> {
  const email = normaliseEmail(raw);
  if (!email) return undefined;
  const [subscriber, indexed, unfolded, birthdays, suppression, newsletterSends] = await Promise.all([
    getSubscriber(app.store, email),
    indexedRecords(app, email),
    unfoldedRecords(app),
    birthdayLogs(app),
    suppressionOf(app, email),
    sendsTo(app, email),
  ]);
  // The index says where to look; each record is read and checked (it may have changed since).
  const [responses, followups] = await Promise.all([
    Promise.all(indexed.filter((ref) => ref.kind === 'response').map((ref) => getResponse(app, ref.id))),
    Promise.all(indexed.filter((ref) => ref.kind === 'followup').map((ref) => findFollowup(app, ref.id))),
  ]);
  const byId = <T extends { id: string }>(items: (T | undefined)[]) => [...new Map(items.flatMap((item) => (item ? [[item.id, item] as const] : []))).values()];
  const mine = await registrationsOf(app, email, indexed);
  return {
    email,
    subscriber,
    cards: await Promise.all(mine.map(async (registration) => ({ registration, events: await cardHistory(app, registration.card) }))),
    // Also where the address was typed into an answer or an owner's note; whole addresses, as the index holds them
    // (ana@x.com is not juana@x.com).
    responses: byId([...responses, ...unfolded.responses])
      .filter((r) => addressesOf(r).includes(email))
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)),
    followups: byId([...followups, ...unfolded.followups])
      .filter((f) => addressesOf(f).includes(email))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    birthdayGreetings: birthdays.flatMap((log) => (log.sends[email] ? [{ ...log.sends[email], year: log.year }] : [])),
    suppression,
    newsletterSends,
  };
}

/** What an erasure removed, in numbers (the log keeps nothing else). */
export interface Erased {
  subscriber: number;
  registrations: number;
  responseContacts: number;
  followupContacts: number;
  birthdayGreetings: number;
  /** The address dropped from the suppression list (its keyed hash stays, so they are still never emailed). */
  suppressedAddress: number;
  /** Newsletter send log entries (batches and failures) that held the address. */
  newsletterSends: number;
}

export const erasureSchema = z.object({
  at: z.string(),
  /** A keyed hash of the address: proves an erasure happened for someone who asks again, without keeping the address. */
  person: z.string(),
  erased: z.object({
    subscriber: z.number().int(),
    registrations: z.number().int(),
    responseContacts: z.number().int(),
    followupContacts: z.number().int(),
    birthdayGreetings: z.number().int(),
    suppressedAddress: z.number().int().default(0),
    newsletterSends: z.number().int().default(0),
  }),
});
export type Erasure = z.infer<typeof erasureSchema>;

/** One document of erasures per year. */
export const erasuresDoc = (year: string) => defineDoc(`privacy/erasures/${year}`, z.object({ items: z.array(erasureSchema) }), () => ({ items: [] }));

/** The keyed hash that the erasure log keeps instead of an address. */
export function personPseudonym(app: App, email: string): string {
  return pseudonym(app.secret('SESSION_SECRET'), `erasure:${email}`);
}

/**
 * Erases a person's data: the contact details of their survey responses and
 * complaints (the anonymous answers stay, so the statistics do not change), their
 * newsletter subscription, their card registrations (the card's anonymous
 * stamps stay), their birthday greetings and their address on the suppression
 * list (whose keyed hash stays, so a bounced or complaining address is still
 * never mailed); then logs the erasure.
 * @example const erased = await erasePerson(app, 'ana@example.com')
 */
export async function erasePerson(app: App, raw: string): Promise<Erased | undefined> {
  const found = await findPerson(app, raw);
  if (!found) return undefined;
  const { email } = found;
  const matches = sameEmail(email);
  const erased: Erased = { subscriber: 0, registrations: 0, responseContacts: 0, followupContacts: 0, birthdayGreetings: 0, suppressedAddress: 0, newsletterSends: 0 };
  // The names they gave, to take out of free text too (whole words only).
  const names = [...found.cards.map((card) => card.registration.name), ...[...found.responses, ...found.followups].map((item) => item.contact?.name)].filter(
    (name): name is string => Boolean(name),
  );
  const scrub = (text: string) => redact(text, email, names);

  for (const { id } of found.responses) {
    erased.responseContacts += (await updateResponse(app, id, (item) => {
      item.answers = scrubAnswers(item.answers, scrub);
      return dropContact(item, matches);
    })) ?? 0;
  }
  // The ladder's month packs hold a copy of each response's address: take those out too.
  const responseIds = new Set(found.responses.map((response) => response.id));
  for (const month of new Set(found.responses.flatMap((response) => monthOfId(response.id) ?? []))) {
    await app.store.update(contactPackDoc(month), (draft) => {
      draft.items = draft.items.filter((item) => !responseIds.has(item.id) && !matches(item.email));
    });
  }
  for (const { id } of found.followups) {
    erased.followupContacts += (await updateFollowupRecord(app, id, (item) => {
      for (const note of item.notes) note.text = scrub(note.text);
      return dropContact(item, matches);
    })) ?? 0;
  }
  erased.newsletterSends = await eraseSendsTo(app, email);
  erased.subscriber = await eraseSubscriber(app.store, email);
  await eraseFromPeopleRollup(app, email);
  for (const shard of new Set(found.cards.map((card) => cardShard(card.registration.card)))) {
    const gone = await app.store.update(registrationsDoc(shard), (draft) => {
      const removed = draft.registrations.filter((r) => matches(r.email));
      draft.registrations = draft.registrations.filter((r) => !matches(r.email));
      return removed;
    });
    // The members rollup counts them out (the marker keeps no name or address).
    await Promise.all(gone.flatMap((registration) => [saveCardRegistration(app, registration.card, null), markErased(app, registration, app.now().toISOString())]));
    erased.registrations += gone.length;
  }
  for (const year of new Set(found.birthdayGreetings.map((greeting) => greeting.year))) {
    erased.birthdayGreetings += await app.store.update(birthdayLogDoc(year), (draft) => {
      if (!draft.sends[email]) return 0;
      delete draft.sends[email];
      return 1;
    });
  }

  if (found.suppression?.email) erased.suppressedAddress = await forgetSuppressedAddress(app, email);
  await forgetPerson(app, email);

  const at = app.now();
  const person = personPseudonym(app, email);
  await app.store.update(erasuresDoc(String(at.getUTCFullYear())), (draft) => {
    draft.items.push({ at: at.toISOString(), person, erased });
  });
  return erased;
}

/** Answers with the person's details taken out of every text (the statistics keep their numbers and choices). */
function scrubAnswers<T extends Record<string, unknown>>(answers: T, scrub: (text: string) => string): T {
  const scrubbed = Object.entries(answers).map(([id, value]) => [
    id,
    typeof value === 'string' ? scrub(value) : Array.isArray(value) ? value.map((part: unknown) => (typeof part === 'string' ? scrub(part) : part)) : value,
  ]);
  return Object.fromEntries(scrubbed) as T;
}

/** Removes a record's contact details if they are the person's: 1 when removed. */
function dropContact(item: { contact?: { email?: string | undefined } | undefined }, matches: (email: string | undefined) => boolean): number {
  if (!matches(item.contact?.email)) return 0;
  delete item.contact;
  return 1;
}

/** Every logged erasure, newest first. */
export async function listErasures(app: App): Promise<Erasure[]> {
  const keys = await app.store.keys('privacy/erasures/');
  const docs = await Promise.all(keys.map((key) => app.store.read(erasuresDoc(key.slice('privacy/erasures/'.length)))));
  return docs.flatMap((doc) => doc.items).sort((a, b) => b.at.localeCompare(a.at));
}
