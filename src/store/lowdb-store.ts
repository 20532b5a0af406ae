import { Low, type Adapter } from 'lowdb';
import { WriteConflictError, type Doc, type Store } from './store.ts';

/** Where documents live: an adapter per key, and the list of keys. */
export interface AdapterSource {
  readonly kind: Store['kind'];
  adapter(key: string): Adapter<unknown>;
  keys(prefix: string): Promise<string[]>;
}

export interface RetryOptions {
  /** Attempts before giving up on a document that keeps changing under us. */
  attempts: number;
  /** Wait before attempt n (1-based), in ms. */
  backoff: (attempt: number) => number;
}

const defaultRetry: RetryOptions = {
  attempts: 10,
  backoff: (attempt) => Math.min(1000, 10 * 2 ** attempt) * (0.5 + Math.random()),
};

/**
 * The Store on any lowdb adapter. Writes to one key from this process are queued
 * (lowdb alone does not protect a read-modify-write); writes from other processes
 * are caught by the adapter's conditional write and retried here.
 */
export function createLowdbStore(source: AdapterSource, retry: RetryOptions = defaultRetry): Store {
  const queues = new Map<string, Promise<unknown>>();

  function serialise<R>(key: string, task: () => Promise<R>): Promise<R> {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return next;
  }

  async function load<T>(doc: Doc<T>): Promise<Low<T>> {
    const db = new Low(source.adapter(doc.key) as Adapter<T>, doc.empty());
    await db.read();
    db.data = doc.schema.parse(db.data ?? doc.empty());
    return db;
  }

  return {
    kind: source.kind,
    async read(doc) {
      return (await load(doc)).data;
    },
    update(doc, change) {
      return serialise(doc.key, async () => {
        for (let attempt = 1; ; attempt++) {
          const db = await load(doc);
          const result = change(db.data);
          // Never store what the schema would refuse to read back.
          db.data = doc.schema.parse(db.data);
          try {
            await db.write();
            return result;
          } catch (error) {
            if (!(error instanceof WriteConflictError) || attempt >= retry.attempts) throw error;
            await new Promise((resolve) => setTimeout(resolve, retry.backoff(attempt)));
          }
        }
      });
    },
    keys: (prefix) => source.keys(prefix),
  };
}
