import type { z } from 'zod';

/**
 * A named document in the store: its key, the schema every read is checked
 * against, and the value it has before anything was written.
 * Keys are paths (`responses/2026-11`) so that data is split by kind and month
 * or shard and no single document grows without bound.
 *
 * @example const doc = defineDoc('subscribers/a', SubscribersSchema, () => ({ items: [] }))
 */
export interface Doc<T> {
  readonly key: string;
  readonly schema: z.ZodType<T>;
  readonly empty: () => T;
}

export function defineDoc<T>(key: string, schema: z.ZodType<T>, empty: () => NoInfer<T>): Doc<T> {
  if (!/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i.test(key)) {
    throw new Error(`Invalid store key "${key}": use letters, digits, ".", "_", "-" and "/" between parts`);
  }
  return { key, schema, empty };
}

/** The one way any code reads or writes data. */
export interface Store {
  /** Which backend this is, for /api/health. */
  readonly kind: 'file' | 'blobs';
  /** Reads a document, or its empty value when it was never written. */
  read<T>(doc: Doc<T>): Promise<T>;
  /**
   * Read-modify-write of one document as a unit: `change` edits the draft in place
   * and may return a value. On a concurrent write the change is re-applied to the
   * fresh document (so `change` must be pure apart from the draft). If `change`
   * throws, nothing is written.
   */
  update<T, R = void>(doc: Doc<T>, change: (draft: T) => R): Promise<R>;
  /** Keys of the documents stored under a prefix (`responses/`), sorted. */
  keys(prefix: string): Promise<string[]>;
}

/** Thrown by an adapter whose conditional write lost a race; the store retries. */
export class WriteConflictError extends Error {
  constructor(key: string) {
    super(`Another writer changed "${key}" first`);
    this.name = 'WriteConflictError';
  }
}
