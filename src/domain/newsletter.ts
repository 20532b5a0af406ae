import { createHash } from 'node:crypto';
import { z } from 'zod';

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

/** The shard (`0`…`f`) a normalised address lives in: the first hex digit of its SHA-256. */
export function shardOf(email: string): string {
  return createHash('sha256').update(email).digest('hex').slice(0, 1);
}

/** Every shard name, for reading all subscribers. */
export const shardNames: readonly string[] = Array.from({ length: SHARDS }, (_, i) => i.toString(16));

/** `yyyy-mm` of a moment, in UTC: the issue id a month sends. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export const issueIdPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

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

/**
 * The next batch to send: recipients not yet handled, of one locale (a batch is
 * one rendered issue), at most `size`, in a stable order so that two runs agree.
 */
export function nextBatch<R extends Recipient>(candidates: readonly R[], handled: ReadonlySet<string>, size = BATCH_SIZE): R[] {
  const remaining = candidates.filter((r) => !handled.has(r.email)).sort((a, b) => a.locale.localeCompare(b.locale) || a.email.localeCompare(b.email));
  const locale = remaining[0]?.locale;
  return remaining.filter((r) => r.locale === locale).slice(0, size);
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
