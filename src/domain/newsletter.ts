import { createHash } from 'node:crypto';

/**
 * What is left here of the newsletter's rules is what other features' document-store code still uses
 * (the people rollup, the person index, the birthday greetings, the privacy page); the newsletter's own rules
 * are in src/newsletter/. Pure: no I/O, no clock.
 */

export { normaliseEmail } from '../email/address.ts';

/** Subscribers were split over this many store documents so none grew without bound. */
export const SHARDS = 16;

/** The SHA-256 of a normalised address, in hex: named its subscriber record. */
export function addressHash(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}

/** The shard (`0`…`f`) a normalised address lived in before one record per subscriber: the first hex digit of its SHA-256. */
export function shardOf(email: string): string {
  return addressHash(email).slice(0, 1);
}

/** Every shard name, for reading all subscribers. */
export const shardNames: readonly string[] = Array.from({ length: SHARDS }, (_, i) => i.toString(16));

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
