import { createHash } from 'node:crypto';
import { z } from 'zod';
import { monthOf } from './periods.ts';

/**
 * Pure newsletter rules: address normalisation, subscriber shards, which issue
 * a month sends, batches and their idempotency keys, retry backoff, birthdays.
 * No I/O, no clock: time is always a parameter.
 */

/** Resend accepts at most 100 emails per batch call. */
export const BATCH_SIZE = 100;

/** Subscribers are split over this many store documents so none grows without bound. */
export const SHARDS = 16;

const emailCheck = z.email();

/**
 * An address as the kit stores and compares it: trimmed, Unicode NFC, lower case;
 * null when it is not a plausible address.
 * @example normaliseEmail('  Ana@Example.COM ') → 'ana@example.com'
 */
export function normaliseEmail(raw: string): string | null {
  const email = raw.normalize('NFC').trim().toLowerCase();
  if (email.length > 254 || !emailCheck.safeParse(email).success) return null;
  return email;
}

/** The SHA-256 of a normalised address, in hex: names its subscriber record. */
export function addressHash(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}

/** The shard (`0`…`f`) a normalised address lived in before one record per subscriber: the first hex digit of its SHA-256. */
export function shardOf(email: string): string {
  return addressHash(email).slice(0, 1);
}

/** Every shard name, for reading all subscribers. */
export const shardNames: readonly string[] = Array.from({ length: SHARDS }, (_, i) => i.toString(16));

// Its own module so the content schemas (checked in the content editor, in the browser) need no node:crypto.
export { issueIdPattern } from './issue-id.ts';

/**
 * The issue to send at `now`: this month's, when it exists among `available` ids.
 * An explicit `requested` id wins (the npm script's --issue).
 */
export function issueToSend(now: Date, available: readonly string[], requested?: string): { issue: string; exists: boolean } {
  const issue = requested ?? monthOf(now);
  return { issue, exists: available.includes(issue) };
}

/** The idempotency key of batch `index` of an issue: the same batch always gets the same key. */
export function batchKey(issue: string, index: number): string {
  return `newsletter-${issue}-batch-${index}`;
}

/** The idempotency key of one message sent alone (a batch that failed permanently is retried address by address). */
export function singleKey(issue: string, email: string): string {
  return `newsletter-${issue}-to-${createHash('sha256').update(email).digest('hex').slice(0, 24)}`;
}

/** Splits a list into runs of at most `size`. */
export function chunk<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const runs: T[][] = [];
  for (let at = 0; at < items.length; at += size) runs.push(items.slice(at, at + size));
  return runs;
}

export interface Recipient {
  email: string;
  locale: string;
}

/** The send order: by language (a batch is one rendered issue), then by address. */
export function sendOrder<R extends Recipient>(recipients: readonly R[]): R[] {
  return [...recipients].sort((a, b) => (a.locale < b.locale ? -1 : a.locale > b.locale ? 1 : a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/**
 * The next batch from `ordered` (in send order), starting at `from`: recipients
 * not yet handled, of one locale, at most `size`; and where the next call starts.
 * Walking the list once per run keeps each batch's cost independent of the list's size.
 */
export function nextBatch<R extends Recipient>(ordered: readonly R[], handled: ReadonlySet<string>, from = 0, size = BATCH_SIZE): { batch: R[]; next: number } {
  let at = from;
  while (at < ordered.length && handled.has(ordered[at]!.email)) at++;
  const locale = ordered[at]?.locale;
  const batch: R[] = [];
  for (; at < ordered.length && batch.length < size; at++) {
    const candidate = ordered[at]!;
    if (candidate.locale !== locale) break;
    if (!handled.has(candidate.email)) batch.push(candidate);
  }
  return { batch, next: at };
}

/** Wait before retry `attempt` (1-based) of a rate-limited or failed call: 1 s, 2 s, 4 s … capped at 16 s. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(16 * baseMs, baseMs * 2 ** (attempt - 1));
}

export interface Birthday {
  day: number;
  month: number;
}

/** Whether `date` (UTC) is the birthday; 29 February is celebrated on 28 February in other years. */
export function isBirthday(birthday: Birthday, date: Date): boolean {
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  if (birthday.month === month && birthday.day === day) return true;
  const leap = new Date(Date.UTC(date.getUTCFullYear(), 1, 29)).getUTCMonth() === 1;
  return birthday.month === 2 && birthday.day === 29 && !leap && month === 2 && day === 28;
}
