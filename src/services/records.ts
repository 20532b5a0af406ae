import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { App } from '../app.ts';
import { dayOf, monthOf } from '../domain/periods.ts';
import { defineDoc, type Store } from '../store/store.ts';

/**
 * Records that arrive independently (a response, a follow-up, a review click, a
 * card event) are each their own document in a folder per UTC day:
 * `{root}{yyyy-mm-dd}/{name}`. Writing one never touches another, and a period
 * is listed by its months' key prefixes (`feedback/responses/2026-11-`).
 */

export interface Period {
  /** Inclusive; omitted: from the start. */
  from?: Date;
  /** Exclusive; omitted: up to now. */
  to?: Date;
}

/** `093015123` for 09:30:15.123 UTC: record names start with it, so a day's keys sort by time. */
export function timeOf(date: Date | string): string {
  return new Date(date).toISOString().slice(11, 23).replace(/[:.]/g, '');
}

/**
 * A new record id, `2026-11-26-093015123-a1b2c3d4e5f6`: its UTC day and time and 48 random bits.
 * @example newRecordId(new Date('2026-11-26T09:30:15.123Z')) → '2026-11-26-093015123-…'
 */
export function newRecordId(at: Date): string {
  return `${dayOf(at)}-${timeOf(at)}-${randomBytes(6).toString('hex')}`;
}

/** Up to this many days, a period is listed day by day (today's records, without walking the month's). */
const DAYS_LISTED_ALONE = 7;

/**
 * Keys of the records under `root` whose day overlaps a period, sorted by day;
 * a bounded period lists only its own days (a few) or months.
 * @example await dayKeysIn(app, 'feedback/responses/', { from: new Date('2026-11-01'), to: new Date('2026-12-01') })
 */
export async function dayKeysIn(app: Pick<App, 'store' | 'now'>, root: string, period: Period): Promise<string[]> {
  if (!period.from) return filterDays(await app.store.keys(root), root, period);
  const end = period.to ?? app.now();
  const days: string[] = [];
  for (let at = Date.parse(`${dayOf(period.from)}T00:00:00Z`); at < end.getTime() && days.length <= DAYS_LISTED_ALONE; at += 86_400_000) days.push(`${dayOf(new Date(at))}/`);
  const months: string[] = [];
  for (let at = new Date(`${monthOf(period.from)}-01T00:00:00Z`); at < end; at.setUTCMonth(at.getUTCMonth() + 1)) months.push(`${monthOf(at)}-`);
  const keys = await Promise.all((days.length <= DAYS_LISTED_ALONE ? days : months).map((prefix) => app.store.keys(`${root}${prefix}`)));
  return filterDays(keys.flat(), root, period);
}

function filterDays(keys: string[], root: string, { from, to }: Period): string[] {
  const first = from ? dayOf(from) : '';
  const last = to ? dayOf(new Date(to.getTime() - 1)) : '\uffff';
  return keys.filter((key) => {
    const day = key.slice(root.length, root.length + 10);
    return day >= first && day <= last;
  });
}

/**
 * What was marked since `from` (whole UTC days): markers are
 * `{root}{yyyy-mm-dd}/{name}-{hhmmssmmm}`, one per change; each name once.
 * @example await markedSince(app, 'cards/registered/', new Date('2026-11-26')) → ['K7M2Q9XA']
 */
export async function markedSince(app: Pick<App, 'store' | 'now'>, root: string, from: Date): Promise<string[]> {
  return [...new Set((await dayKeysIn(app, root, { from })).map((key) => key.slice(key.lastIndexOf('/') + 1, key.lastIndexOf('-'))))];
}

/**
 * `task` for every item, 64 at a time, results in order: enough in flight for
 * Blobs' network round trips, few enough for the file store's descriptors.
 */
export async function inBatches<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 64) out.push(...(await Promise.all(items.slice(i, i + 64).map(task))));
  return out;
}

/** Reads the record documents of many keys (64 at a time), skipping any that is gone. */
export async function readRecords<T>(store: Store, keys: string[], schema: z.ZodType<T>): Promise<T[]> {
  // One nullable schema for all the records, not one built per record.
  const nullable = schema.nullable();
  const docs = await inBatches(keys, (key) => store.read(defineDoc(key, nullable, () => null)));
  return docs.filter((doc): doc is T => doc !== null);
}
