import { z } from 'zod';
import type { App } from '../app.ts';
import { addressHash, shardNames, shardOf } from '../domain/newsletter.ts';
import { locales } from '../i18n/locales.ts';
import { defineDoc, type Doc, type Store } from '../store/store.ts';
import { markedSince, readRecords, timeOf } from './records.ts';
import { dayOf } from '../domain/periods.ts';

/**
 * The newsletter's store documents and the read functions the owner's dashboard
 * uses. Shapes here are a contract: change them only compatibly.
 *
 *   newsletter/subscribers/{hh}/{sha256}  one subscriber: SHA-256 of the normalised email, hh its first 2 hex
 *   subscribers/{0-f}                  before one record per subscriber: one shard per first hex digit of that
 *                                      hash; read beside the records (a record wins), written only to erase
 *   rollups/subscribers/{hh}           a copy of every record of newsletter/subscribers/{hh}/, kept in step by
 *                                      updateSubscriber / eraseSubscriber: the dashboard reads 256 documents, not 50,000
 *   newsletter/changes/{yyyy-mm-dd}/{sha256}-{hhmmssmmm}  the address changed then (no content): a view of
 *                                      today reads today's changed subscribers, not all of them
 *   newsletter/sends/{yyyy-mm}         the send log of one issue: counters, the batch in flight
 *                                      (write-ahead), failures, runs; small whatever the list size
 *   newsletter/batches/{yyyy-mm}/{n}   one sent batch: its recipients and provider ids
 *   birthdays/{yyyy}                   who got this year's birthday greeting
 */

const iso = z.iso.datetime();
const locale = z.enum(locales);

export const subscriberStatus = z.enum(['pending', 'confirmed', 'unsubscribed']);
export type SubscriberStatus = z.infer<typeof subscriberStatus>;

export const subscriberSchema = z.object({
  /** Normalised (trimmed, NFC, lower case). */
  email: z.string(),
  status: subscriberStatus,
  locale,
  /** Where the sign-up came from: `footer`, `newsletter-page`, `api`… */
  source: z.string().max(40),
  /** The latest sign-up request (a confirmation link must be newer than the latest unsubscribe). */
  subscribedAt: iso,
  confirmedAt: iso.optional(),
  unsubscribedAt: iso.optional(),
  updatedAt: iso,
  /** Imported: the name the shop had for them. */
  name: z.string().max(100).optional(),
  /** Consent recorded elsewhere (an import row with a date and a source): no confirmation email was needed. */
  consent: z.object({ at: iso, source: z.string().max(100) }).optional(),
});
export type Subscriber = z.infer<typeof subscriberSchema>;

export const subscriberShardSchema = z.object({ subscribers: z.record(z.string(), subscriberSchema) });
export type SubscriberShard = z.infer<typeof subscriberShardSchema>;

/** A shard of the layout before one record per subscriber. */
export function subscriberShard(shard: string): Doc<SubscriberShard> {
  return defineDoc(`subscribers/${shard}`, subscriberShardSchema, () => ({ subscribers: {} }));
}

/** The shard document that held a normalised address before one record per subscriber. */
export const shardFor = (email: string): Doc<SubscriberShard> => subscriberShard(shardOf(email));

const SUBSCRIBERS = 'newsletter/subscribers/';
const subscriberRecordSchema = z.object({ subscriber: subscriberSchema.optional() });
export type SubscriberRecord = z.infer<typeof subscriberRecordSchema>;

/** Where the record of the address with this hash is. */
const subscriberKey = (hash: string) => `${SUBSCRIBERS}${hash.slice(0, 2)}/${hash}`;

/** One subscriber's document; `seed` is its value before the first write (its entry in the old shard). */
export function subscriberDoc(email: string, seed?: Subscriber): Doc<SubscriberRecord> {
  return defineDoc(subscriberKey(addressHash(email)), subscriberRecordSchema, () => (seed ? { subscriber: seed } : {}));
}

/** The subscriber with a normalised address, or undefined. */
export async function getSubscriber(store: Store, email: string): Promise<Subscriber | undefined> {
  return (await store.read(subscriberDoc(email))).subscriber ?? (await store.read(shardFor(email))).subscribers[email];
}

/**
 * Read-modify-write of one subscriber (atomic, as `store.update`): `change` may
 * set, edit or leave `draft.subscriber`; it costs the same with 10 or 50,000 subscribers.
 * @example await updateSubscriber(store, email, (draft) => void (draft.subscriber = { ...draft.subscriber!, status: 'confirmed' }))
 */
export async function updateSubscriber<R>(store: Store, email: string, change: (draft: SubscriberRecord) => R): Promise<R> {
  // Before its first write as a record, an address starts from its entry in the old shard, if it had one.
  const own = await store.read(subscriberDoc(email));
  const seed = own.subscriber ? undefined : (await store.read(shardFor(email))).subscribers[email];
  let after: Subscriber | undefined;
  const result = await store.update(subscriberDoc(email, seed), (draft) => {
    const value = change(draft);
    after = draft.subscriber && structuredClone(draft.subscriber);
    return value;
  });
  await packSubscriber(store, email, after);
  await markChange(store, email, after?.updatedAt);
  return result;
}

export const SUBSCRIBER_CHANGES = 'newsletter/changes/';
const changeDoc = (at: string, hash: string) => defineDoc(`${SUBSCRIBER_CHANGES}${dayOf(at)}/${hash}-${timeOf(at)}`, z.object({}), () => ({}));

/** Notes that an address changed at `at`. */
async function markChange(store: Store, email: string, at: string | undefined): Promise<void> {
  if (at) await store.create(changeDoc(at, addressHash(email)), {});
}

/**
 * The subscribers whose record changed since `from` (whole UTC days), as they stand now.
 * @example await subscriberChangesSince(app, new Date('2026-11-26'))
 */
export async function subscriberChangesSince(app: Pick<App, 'store' | 'now'>, from: Date): Promise<Subscriber[]> {
  const hashes = await markedSince(app, SUBSCRIBER_CHANGES, from);
  const records = await readRecords(app.store, hashes.map(subscriberKey), subscriberRecordSchema);
  return records.flatMap((record) => (record.subscriber ? [record.subscriber] : []));
}

/** The 256 record folders (`00`…`ff`), each with its pack. */
const packShards = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const packOf = (email: string) => addressHash(email).slice(0, 2);
// Times as plain strings: packs are copies of checked records, and a view reads 50k of them.
const packedSubscriberSchema = subscriberSchema.extend({ subscribedAt: z.string(), confirmedAt: z.string().optional(), unsubscribedAt: z.string().optional(), updatedAt: z.string() });
const packDoc = (shard: string) =>
  defineDoc(`rollups/subscribers/${shard}`, z.object({ complete: z.boolean(), subscribers: z.record(z.string(), packedSubscriberSchema) }), () => ({ complete: false, subscribers: {} }));

/** Copies a subscriber's state into its pack (undefined: gone), unless the pack already holds a newer state (a concurrent change of the same address). */
async function packSubscriber(store: Store, email: string, subscriber: Subscriber | undefined): Promise<void> {
  await store.update(packDoc(packOf(email)), (draft) => {
    const held = draft.subscribers[email];
    if (!subscriber) delete draft.subscribers[email];
    else if (!held || held.updatedAt <= subscriber.updatedAt) draft.subscribers[email] = subscriber;
  });
}

/**
 * The subscriber records of one shard, from its pack. A pack not complete yet
 * (records written before packs existed) is filled once from the records.
 */
async function packedSubscribers(store: Store, shard: string): Promise<Subscriber[]> {
  const pack = await store.read(packDoc(shard));
  if (pack.complete) return Object.values(pack.subscribers);
  const records = await readRecords(store, await store.keys(`${SUBSCRIBERS}${shard}/`), subscriberRecordSchema);
  const filled = await store.update(packDoc(shard), (draft) => {
    for (const { subscriber } of records) {
      const held = subscriber && draft.subscribers[subscriber.email];
      if (subscriber && (!held || held.updatedAt <= subscriber.updatedAt)) draft.subscribers[subscriber.email] = subscriber;
    }
    draft.complete = true;
    return structuredClone(draft.subscribers);
  });
  return Object.values(filled);
}

/** Deletes a subscriber from both layouts: 1 when there was one. */
export async function eraseSubscriber(store: Store, email: string): Promise<number> {
  const hadOld = await store.update(shardFor(email), (draft) => {
    if (!draft.subscribers[email]) return false;
    delete draft.subscribers[email];
    return true;
  });
  const doc = subscriberDoc(email);
  const hadOwn = (await store.read(doc)).subscriber !== undefined;
  await store.remove(doc.key);
  await packSubscriber(store, email, undefined);
  return hadOld || hadOwn ? 1 : 0;
}

export const sendBatchSchema = z.object({
  index: z.number().int().min(0),
  /** Idempotency key sent with the batch: a resumed batch reuses it, so Resend never delivers it twice. */
  key: z.string(),
  locale,
  recipients: z.array(z.string()),
  /** `sending` is written before the call (write-ahead), `sent` after the provider accepted it. */
  status: z.enum(['sending', 'sent']),
  /** Provider message ids, when accepted. */
  ids: z.array(z.string()),
  attempts: z.number().int().min(0),
  claimedAt: iso,
  sentAt: iso.optional(),
});
export type SendBatch = z.infer<typeof sendBatchSchema>;

export const sendFailureSchema = z.object({
  email: z.string(),
  locale,
  statusCode: z.number().int().optional(),
  message: z.string(),
  at: iso,
});
export type SendFailure = z.infer<typeof sendFailureSchema>;

export const sendRunSchema = z.object({
  at: iso,
  /** `schedule` (the Netlify function), `script` (npm run newsletter). */
  trigger: z.enum(['schedule', 'script']),
  outcome: z.enum(['finished', 'paused', 'stopped', 'busy', 'no-issue', 'already-sent', 'not-approved']),
  /** Emails accepted during this run. */
  sent: z.number().int().min(0),
  message: z.string().optional(),
});
export type SendRun = z.infer<typeof sendRunSchema>;

export const sendLogSchema = z.object({
  issue: z.string(),
  startedAt: iso.optional(),
  /** Set once every confirmed subscriber was handled; later runs send nothing. */
  finishedAt: iso.optional(),
  /** One run at a time: a run holds the lease while it sends and renews it each batch. */
  lease: z.object({ run: z.string(), until: iso }).optional(),
  /** Logs written before batches had their own documents (read, never written). */
  batches: z.array(sendBatchSchema).default([]),
  /** Claimed and not yet recorded as sent (write-ahead): a run that died leaves its batch here. */
  open: z.array(sendBatchSchema).default([]),
  /** The index the next batch gets. */
  nextIndex: z.number().int().min(0).default(0),
  /** Batches recorded as sent in `newsletter/batches/{issue}/…`, and the emails they hold. */
  sentBatches: z.number().int().min(0).default(0),
  sent: z.number().int().min(0).default(0),
  /** Permanent per-address errors (bad address, suppressed): not retried. */
  failures: z.array(sendFailureSchema),
  /** The latest runs, newest last (at most 50 kept). */
  runs: z.array(sendRunSchema),
  /** When the owner was told: the issue was missing, or the send finished. */
  notices: z.object({ missingIssue: iso.optional(), finished: iso.optional(), awaitingApproval: iso.optional() }),
});
export type SendLog = z.infer<typeof sendLogSchema>;

export function sendLogDoc(issue: string): Doc<SendLog> {
  return defineDoc(`newsletter/sends/${issue}`, sendLogSchema, () => ({ issue, batches: [], open: [], nextIndex: 0, sentBatches: 0, sent: 0, failures: [], runs: [], notices: {} }));
}

/** A sent batch, one document each, so that recording a batch costs the same at 50 or 50,000 subscribers. */
export function batchDoc(issue: string, index: number): Doc<{ batch: SendBatch | null }> {
  return defineDoc(`newsletter/batches/${issue}/${index}`, z.object({ batch: sendBatchSchema.nullable() }), () => ({ batch: null }));
}

/** Every sent batch of an issue (read once per run: who was handled already). */
export async function sentBatches(store: Store, issue: string): Promise<SendBatch[]> {
  const keys = await store.keys(`newsletter/batches/${issue}/`);
  const docs = await Promise.all(keys.map((key) => store.read(batchDoc(issue, Number(key.split('/').pop())))));
  return docs.flatMap((doc) => (doc.batch ? [doc.batch] : []));
}

export const birthdaySendSchema = z.object({
  email: z.string(),
  locale,
  /** `sending` before the call, `sent` after; a `failed` one is not retried this year. */
  status: z.enum(['sending', 'sent', 'failed']),
  key: z.string(),
  at: iso,
  id: z.string().optional(),
  message: z.string().optional(),
});
export type BirthdaySend = z.infer<typeof birthdaySendSchema>;

/** One year's birthday greetings, keyed by normalised email: once a year each. */
export const birthdayLogSchema = z.object({ year: z.number().int(), sends: z.record(z.string(), birthdaySendSchema) });
export type BirthdayLog = z.infer<typeof birthdayLogSchema>;

export function birthdayLogDoc(year: number): Doc<BirthdayLog> {
  return defineDoc(`birthdays/${year}`, birthdayLogSchema, () => ({ year, sends: {} }));
}

/** Every subscriber (any status), of both layouts. */
export async function allSubscribers(store: Store): Promise<Subscriber[]> {
  const [shards, records] = await Promise.all([
    Promise.all(shardNames.map((shard) => store.read(subscriberShard(shard)))),
    Promise.all(packShards.map((shard) => packedSubscribers(store, shard))),
  ]);
  // A record wins over the address's entry in an old shard.
  const byEmail = new Map(shards.flatMap((doc) => Object.entries(doc.subscribers)));
  for (const subscriber of records.flat()) byEmail.set(subscriber.email, subscriber);
  return [...byEmail.values()];
}

/**
 * Every subscriber, newest sign-up first, for the owner's dashboard.
 * @example const rows = await listSubscribers(app) // [{ email, status, locale, subscribedAt, … }]
 */
export async function listSubscribers(app: Pick<App, 'store'>): Promise<Subscriber[]> {
  return (await allSubscribers(app.store)).sort((a, b) => b.subscribedAt.localeCompare(a.subscribedAt) || a.email.localeCompare(b.email));
}

export interface SubscriberCounts {
  pending: number;
  confirmed: number;
  unsubscribed: number;
  /** Confirmed subscribers per language. */
  confirmedByLocale: Record<(typeof locales)[number], number>;
}

/** How many subscribers there are in each state, for the dashboard. */
export async function subscriberCounts(app: Pick<App, 'store'>): Promise<SubscriberCounts> {
  return countSubscribers(await allSubscribers(app.store));
}

/** How many of these subscribers stand in each state (a page that already has the list counts it once). */
export function countSubscribers(subscribers: readonly Subscriber[]): SubscriberCounts {
  const counts: SubscriberCounts = { pending: 0, confirmed: 0, unsubscribed: 0, confirmedByLocale: { en: 0, es: 0 } };
  for (const subscriber of subscribers) {
    counts[subscriber.status]++;
    if (subscriber.status === 'confirmed') counts.confirmedByLocale[subscriber.locale]++;
  }
  return counts;
}

export interface SendSummary {
  issue: string;
  state: 'not-started' | 'sending' | 'finished';
  /** Emails accepted by the provider. */
  sent: number;
  /** Addresses that failed permanently. */
  failed: number;
  batches: number;
  startedAt?: string;
  finishedAt?: string;
  lastRun?: SendRun;
}

/** The figures of one send log. */
export function summariseSendLog(log: SendLog): SendSummary {
  return {
    issue: log.issue,
    state: log.finishedAt ? 'finished' : log.startedAt ? 'sending' : 'not-started',
    sent: log.sent + log.batches.filter((b) => b.status === 'sent').reduce((sum, b) => sum + b.ids.length, 0),
    failed: log.failures.length,
    batches: log.sentBatches + log.batches.length,
    startedAt: log.startedAt,
    finishedAt: log.finishedAt,
    lastRun: log.runs.at(-1),
  };
}

/**
 * Every issue's send log, newest issue first, for the dashboard.
 * @example (await sendLogs(app)).map(summariseSendLog)
 */
export async function sendLogs(app: Pick<App, 'store'>): Promise<SendLog[]> {
  const keys = (await app.store.keys('newsletter/sends/')).filter((key) => /^newsletter\/sends\/\d{4}-\d{2}$/.test(key));
  const logs = await Promise.all(keys.map((key) => app.store.read(sendLogDoc(key.slice('newsletter/sends/'.length)))));
  return logs.sort((a, b) => b.issue.localeCompare(a.issue));
}

/** Every year's birthday log, newest first. */
export async function birthdayLogs(app: Pick<App, 'store'>): Promise<BirthdayLog[]> {
  const keys = await app.store.keys('birthdays/');
  const logs = await Promise.all(keys.map((key) => app.store.read(birthdayLogDoc(Number(key.slice('birthdays/'.length))))));
  return logs.sort((a, b) => b.year - a.year);
}
