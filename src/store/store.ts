import type { z } from 'zod';

/**
 * A named document in the store: its key, the schema every read is checked
 * against, and the value it has before anything was written.
 * Keys are paths (`responses/2026-11-26/{id}`): one document per record or small
 * shard, so no document grows with the data and writers of different records never meet.
 *
 * @example const doc = defineDoc('subscribers/a', SubscribersSchema, () => ({ items: [] }))
 */
export interface Doc<T> {
  readonly key: string;
  readonly schema: z.ZodType<T>;
  readonly empty: () => T;
}

const keyPattern = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;

/** Returns a valid key, or throws: a key can never name anything outside the store (no `..`, no leading `/`). */
export function checkKey(key: string): string {
  // `.lock` is the file store's lock folder beside each document.
  if (!keyPattern.test(key) || key.endsWith('.lock')) {
    throw new Error(`Invalid store key "${key}": use letters, digits, ".", "_", "-" and "/" between parts`);
  }
  return key;
}

export function defineDoc<T>(key: string, schema: z.ZodType<T>, empty: () => NoInfer<T>): Doc<T> {
  return { key: checkKey(key), schema, empty };
}

/**
 * The one way any code reads or writes data. Every method is safe with any number
 * of store instances and processes on one backend at once.
 */
export interface Store {
  /** Which backend this is, for /api/health. */
  readonly kind: 'file' | 'blobs';
  /** Reads a document, or its empty value when it was never written. */
  read<T>(doc: Doc<T>): Promise<T>;
  /**
   * Read-modify-write of one document as a unit: `change` edits the draft in place
   * and may return a value. On a concurrent write the change is re-applied to the
   * fresh document (so `change` must be pure apart from the draft). If `change`
   * throws, nothing is written; if it changes nothing, nothing is written either.
   */
  update<T, R = void>(doc: Doc<T>, change: (draft: T) => R): Promise<R>;
  /**
   * Writes a document only if it does not exist yet (a new record): true when
   * written, false when the key was taken (then nothing is written).
   */
  create<T>(doc: Doc<T>, value: T): Promise<boolean>;
  /** Deletes a document (no error when it is already gone). */
  remove(key: string): Promise<void>;
  /** Keys of the documents stored under a prefix (`responses/2026-11-`), sorted. */
  keys(prefix: string): Promise<string[]>;
  /**
   * The first of `keys(prefix)`, or undefined: where a listing without a start
   * begins, without listing everything (the file store stops at the first folder that holds one).
   */
  firstKey(prefix: string): Promise<string | undefined>;
}

/** Thrown when a document kept changing under us for every attempt (Blobs), or a lock never came free (files). */
export class WriteConflictError extends Error {
  constructor(key: string) {
    super(`Another writer changed "${key}" first`);
    this.name = 'WriteConflictError';
  }
}
