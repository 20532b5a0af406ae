import type { App } from '../app.ts';
import { normaliseEmail } from '../email/address.ts';
import { addressesIn, redact } from '../domain/redact.ts';
import { pseudonym } from '../domain/signing.ts';
import { subscriberOf } from '../newsletter/queries.ts';
import * as q from './queries.ts';

/** Whether a text holds the address whole (ana@x.com is not in juana@x.com). */
const mentions = (text: string | null | undefined, email: string) => Boolean(text) && addressesIn(text!).some((found) => normaliseEmail(found) === email);

const textsOf = (answers: Record<string, unknown>): string[] =>
  Object.values(answers).flatMap((value) => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((part): part is string => typeof part === 'string') : []));

/**
 * Everything stored about an address (right of access), each table's rows; undefined when it is not an email address.
 * @example const data = await findPerson(app, 'Ana@Example.com') // data.responses, data.cards…
 */
export async function findPerson(app: Pick<App, 'db'>, raw: string) {
  const email = normaliseEmail(raw);
  if (!email) return undefined;
  const { db } = app;
  const [subscriber, cards, responses, followups, birthdayGreetings, suppression, newsletterSends, winBackSends] = await Promise.all([
    subscriberOf(db, email), q.registrationsOf(db, email), q.responsesMentioning(db, email), q.followupsMentioning(db, email),
    q.greetingsTo(db, email), q.suppressionOf(db, email), q.sendsTo(db, email), q.winBacksTo(db, email),
  ]);
  return {
    email,
    subscriber,
    cards,
    responses: responses.filter((r) => r.contact_email === email || textsOf(r.answers).some((text) => mentions(text, email))),
    followups: followups.filter((f) => f.contact_email === email || f.notes.some((note) => mentions(note.text, email))),
    birthdayGreetings,
    suppression: suppression[0],
    newsletterSends,
    winBackSends,
  };
}

/** The keyed hash that the erasure log keeps instead of an address (an unkeyed hash would let anyone confirm a guess). */
export function personPseudonym(app: Pick<App, 'secret'>, email: string): string {
  return pseudonym(app.secret('SESSION_SECRET'), `erasure:${email}`);
}

/**
 * Erases a person's data in one statement (see queries.ts), with their address and the names they gave
 * taken out of answers and owner's notes, then their emails in the local outbox.
 * @example const erased = await erasePerson(app, 'ana@example.com')
 */
export async function erasePerson(app: Pick<App, 'db' | 'secret' | 'now' | 'mailer'>, raw: string): Promise<(q.ErasedCounts & { outboxFiles: number }) | undefined> {
  const found = await findPerson(app, raw);
  if (!found) return undefined;
  const { email } = found;
  const names = [...found.cards.map((card) => card.name), ...found.responses.map((r) => (r.contact_email === email ? r.contact_name : null))].filter(
    (name): name is string => Boolean(name),
  );
  const scrub = (text: string) => redact(text, email, names);
  const scrubValue = (value: unknown): unknown => (typeof value === 'string' ? scrub(value) : Array.isArray(value) ? value.map(scrubValue) : value);
  const answers = found.responses
    .map((r) => ({ id: r.id, before: r.answers, answers: Object.fromEntries(Object.entries(r.answers).map(([id, value]) => [id, scrubValue(value)])) }))
    .filter((r) => JSON.stringify(r.answers) !== JSON.stringify(r.before))
    .map(({ id, answers: scrubbed }) => ({ id, answers: scrubbed }));
  const notes = found.followups.flatMap((f) => f.notes).flatMap((note) => (scrub(note.text) === note.text ? [] : [{ id: note.id, text: scrub(note.text) }]));
  const counts = await q.eraseAll(app.db, { email, person: personPseudonym(app, email), answers, notes, at: app.now() });
  return { ...counts, outboxFiles: await app.mailer.forget(email) };
}

/** The latest erasures, newest first. */
export function listErasures(app: Pick<App, 'db'>): Promise<q.Erasure[]> {
  return q.latestErasures(app.db);
}
