import { z } from 'zod';
import type { App } from '../app.ts';
import { addressHash, normaliseEmail } from '../domain/newsletter.ts';
import { addressesIn } from '../domain/redact.ts';
import { defineDoc } from '../store/store.ts';
import { cardRegistrations, listRegistrations, type Registration } from './cards.ts';
import { inBatches } from './records.ts';
import { firstMonth, monthsBetween } from './rollup-months.ts';
import { listFollowupsIn, listResponses, type Followup, type SurveyResponse } from './responses.ts';

/**
 * Where each person's survey records are, by email address, so the privacy
 * page finds them in a few reads instead of reading every response and complaint:
 *
 *   privacy/people/{sha-256 of the address}/{response|followup|card}-{id}   { kind, id }
 *
 * one document per address and record, created when the record is written or
 * a note added (create(): no writer waits for another, at any volume). The
 * addresses of a record are its contact email and any address typed into its
 * answers or notes. An entry only says where to look: the search reads the
 * record and checks it. Records stored before the index are folded in by month
 * (`privacy/people-folded/{yyyy-mm}` once done), and card registrations all at
 * once (`privacy/people-folded/cards`), by the searches that need them.
 */

export const personKinds = ['response', 'followup', 'card'] as const;
export type PersonKind = (typeof personKinds)[number];

const entrySchema = z.object({ kind: z.enum(personKinds), id: z.string() }).nullable();
const foldedSchema = z.object({ at: z.string() }).nullable();

const folderOf = (email: string) => `privacy/people/${addressHash(email)}/`;
const entryDoc = (email: string, kind: PersonKind, id: string) => defineDoc(`${folderOf(email)}${kind}-${id}`, entrySchema, () => null);
const foldedDoc = (month: string) => defineDoc(`privacy/people-folded/${month}`, foldedSchema, () => null);

/** Where survey records are kept, by month (the month documents of before and the day folders of now). */
const recordPrefixes = ['responses/', 'feedback/responses/', 'followups/', 'feedback/followups/'] as const;

/** The normalised addresses a record holds: its contact's and any typed into its free text. */
export function addressesOf(record: SurveyResponse | Followup): string[] {
  const texts = 'answers' in record ? Object.values(record.answers).flat().filter((value): value is string => typeof value === 'string') : record.notes.map((note) => note.text);
  const found = [record.contact?.email ?? '', ...texts.flatMap(addressesIn)].map((raw) => normaliseEmail(raw)).filter((email): email is string => email !== null);
  return [...new Set(found)];
}

/** Notes where each address of a record is: call when a record is written, and after a note is added. */
export async function indexPerson(app: App, kind: Exclude<PersonKind, 'card'>, record: SurveyResponse | Followup): Promise<void> {
  await Promise.all(addressesOf(record).map((email) => app.store.create(entryDoc(email, kind, record.id), { kind, id: record.id })));
}

/** Notes whose card a registration is (call when a card is registered, its address may be new). */
export async function indexCard(app: App, registration: Registration): Promise<void> {
  const email = normaliseEmail(registration.email);
  if (email) await app.store.create(entryDoc(email, 'card', registration.card), { kind: 'card', id: registration.card });
}

/** The card registrations of an address (a normalised one): from the index, once every registration stored before it is in. */
export async function registrationsOf(app: App, email: string, indexed: readonly { kind: PersonKind; id: string }[]): Promise<Registration[]> {
  if (!(await app.store.read(foldedDoc('cards')))) {
    const all = await listRegistrations(app);
    await inBatches(all, (registration) => indexCard(app, registration));
    await app.store.create(foldedDoc('cards'), { at: app.now().toISOString() });
    return all.filter((registration) => normaliseEmail(registration.email) === email);
  }
  const found = await cardRegistrations(app, indexed.filter((ref) => ref.kind === 'card').map((ref) => ref.id));
  // The card may have been registered again since, to someone else.
  return [...found.values()].filter((registration) => normaliseEmail(registration.email) === email);
}

/** The records the index holds for an address (a normalised one). */
export async function indexedRecords(app: App, email: string): Promise<{ kind: PersonKind; id: string }[]> {
  const folder = folderOf(email);
  return (await app.store.keys(folder)).flatMap((key) => {
    const name = key.slice(folder.length);
    const kind = personKinds.find((candidate) => name.startsWith(`${candidate}-`));
    return kind ? [{ kind, id: name.slice(kind.length + 1) }] : [];
  });
}

/** Drops every index entry of an address (after its erasure: the records no longer hold it). */
export async function forgetPerson(app: App, email: string): Promise<void> {
  await Promise.all((await app.store.keys(folderOf(email))).map((key) => app.store.remove(key)));
}

/** How long one search may spend folding older months into the index; months left over are read whole by that search and folded by the next. */
const FOLD_BUDGET_MS = 15_000;

/**
 * The survey records of the months not folded into the index yet (data stored
 * before it existed), folding as many months as the budget allows: the search
 * matches these itself, so its answer is complete while the index is built.
 */
export async function unfoldedRecords(app: App, budgetMs = FOLD_BUDGET_MS): Promise<{ responses: SurveyResponse[]; followups: Followup[] }> {
  const first = await firstMonth(app, recordPrefixes);
  const now = app.now();
  if (!first) return { responses: [], followups: [] };
  const folded = new Set((await app.store.keys('privacy/people-folded/')).map((key) => key.slice('privacy/people-folded/'.length)));
  const started = Date.now();
  const out: { responses: SurveyResponse[]; followups: Followup[] } = { responses: [], followups: [] };
  for (const month of monthsBetween(new Date(`${first}-01T00:00:00Z`), new Date(now.getTime() + 1))) {
    if (folded.has(month)) continue;
    const from = new Date(`${month}-01T00:00:00Z`);
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    const [responses, followups] = await Promise.all([listResponses(app, { from, to }), listFollowupsIn(app, { from, to })]);
    out.responses.push(...responses);
    out.followups.push(...followups);
    if (Date.now() - started > budgetMs) continue;
    const records = [...responses.map((record) => ['response', record] as const), ...followups.map((record) => ['followup', record] as const)];
    await inBatches(records, ([kind, record]) => indexPerson(app, kind, record));
    // Records written from now on index themselves, so even the month still running is done.
    await app.store.create(foldedDoc(month), { at: now.toISOString() });
  }
  return out;
}
