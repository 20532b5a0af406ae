import { checkKey, type Store } from './store.ts';

/**
 * What a backend must do with raw JSON documents; the Store on top adds the
 * schemas. `modify` is the one primitive that must be atomic across processes and
 * instances: a lock (files) or a conditional write with the read's etag (Blobs).
 */
export interface Backend {
  readonly kind: Store['kind'];
  /** The stored JSON, or undefined when the key does not exist. */
  get(key: string): Promise<unknown>;
  /**
   * Atomic read-modify-write: `next` gets the stored JSON (undefined when absent)
   * and returns what to store, or undefined to write nothing. It may be called
   * again on a conflict; if it throws, nothing is written.
   */
  modify(key: string, next: (current: unknown) => unknown): Promise<void>;
  /** Writes only if the key does not exist: true when written. */
  create(key: string, value: unknown): Promise<boolean>;
  remove(key: string): Promise<void>;
  keys(prefix: string): Promise<string[]>;
  firstKey(prefix: string): Promise<string | undefined>;
}

/**
 * The Store on any backend: every read and write is checked against the
 * document's schema. Writes to one key from this instance are queued, which
 * spares the backend's lock or retries a contest this process would lose to itself.
 */
export function createStore(backend: Backend): Store {
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

  return {
    kind: backend.kind,
    async read(doc) {
      const stored = await backend.get(doc.key);
      return doc.schema.parse(stored ?? doc.empty());
    },
    update(doc, change) {
      return serialise(doc.key, async () => {
        let result!: ReturnType<typeof change>;
        await backend.modify(doc.key, (stored) => {
          const draft = doc.schema.parse(stored ?? doc.empty());
          const before = JSON.stringify(draft);
          result = change(draft);
          // Never store what the schema would refuse to read back.
          const after = doc.schema.parse(draft);
          return JSON.stringify(after) === before ? undefined : after;
        });
        return result;
      });
    },
    create(doc, value) {
      return serialise(doc.key, () => backend.create(doc.key, doc.schema.parse(value)));
    },
    remove(key) {
      return serialise(key, () => backend.remove(checkKey(key)));
    },
    keys: (prefix) => backend.keys(prefix),
    firstKey: (prefix) => backend.firstKey(prefix),
  };
}
