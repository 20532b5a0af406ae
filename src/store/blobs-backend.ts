import type { Backend } from './document-store.ts';
import { WriteConflictError } from './store.ts';

/**
 * The part of a `@netlify/blobs` Store this backend uses (a real Store fits; so
 * does the in-memory stand-in in memory-blobs.ts).
 */
export interface BlobsLike {
  getWithMetadata(key: string, options: { type: 'json' }): Promise<{ data: unknown; etag?: string } | null>;
  setJSON(key: string, data: unknown, options: { onlyIfMatch: string } | { onlyIfNew: true }): Promise<{ modified: boolean; etag?: string }>;
  list(options: { prefix: string }): Promise<{ blobs: { key: string; etag: string }[] }>;
  delete(key: string): Promise<void>;
}

export interface RetryOptions {
  /** Attempts before giving up on a document that keeps changing under us. */
  attempts: number;
  /** Wait before attempt n + 1 (n is 1-based), in ms. */
  backoff: (attempt: number) => number;
}

const defaultRetry: RetryOptions = {
  attempts: 30,
  // Full jitter, capped: many instances on one hot document (a rate-limit window) spread out instead of colliding again.
  backoff: (attempt) => Math.random() * Math.min(500, 10 * 2 ** attempt),
};

/** A document as read, with the etag of that exact version (null: it did not exist). */
interface Version {
  data: unknown;
  etag: string | null;
}

/**
 * Documents as JSON blobs in a Netlify Blobs store. A read-modify-write writes
 * only if the blob is still at the version it read (`onlyIfMatch` with the etag
 * of that read, or `onlyIfNew` when it read nothing), and otherwise reads again and
 * re-applies the change: two function instances never overwrite each other.
 */
export function blobsBackend(blobs: BlobsLike, retry: RetryOptions = defaultRetry): Backend {
  async function keys(prefix: string): Promise<string[]> {
    const { blobs: found } = await blobs.list({ prefix });
    // The local BlobsServer also lists keys that are a beginning of the prefix (`a/b` for `a/b-`).
    return found
      .map((blob) => blob.key)
      .filter((key) => key.startsWith(prefix))
      .sort();
  }

  async function listedEtag(key: string): Promise<string | null> {
    const { blobs: found } = await blobs.list({ prefix: key });
    return found.find((blob) => blob.key === key)?.etag ?? null;
  }

  /** Whether this store's reads carry an etag; learned from the first read that found a blob. */
  let readsCarryEtags: boolean | undefined;

  async function readVersion(key: string): Promise<Version> {
    if (readsCarryEtags !== false) {
      const found = await blobs.getWithMetadata(key, { type: 'json' });
      if (!found) return { data: undefined, etag: null };
      // Netlify answers every read with the ETag of the version it sent.
      readsCarryEtags = Boolean(found.etag);
      if (found.etag) return { data: found.data, etag: found.etag };
    }
    // The local BlobsServer (`astro dev`) sends none; list() reports etags. An etag
    // seen both before and after a read is the etag of the data that read returned.
    for (;;) {
      const before = await listedEtag(key);
      const found = await blobs.getWithMetadata(key, { type: 'json' });
      const after = await listedEtag(key);
      if (before === after && (before === null) === (found === null)) return { data: found?.data, etag: found ? before : null };
    }
  }

  return {
    kind: 'blobs',
    async get(key) {
      return (await blobs.getWithMetadata(key, { type: 'json' }))?.data ?? undefined;
    },
    async modify(key, next) {
      for (let attempt = 1; ; attempt++) {
        const { data, etag } = await readVersion(key);
        const value = next(data);
        if (value === undefined) return;
        const { modified } = await blobs.setJSON(key, value, etag ? { onlyIfMatch: etag } : { onlyIfNew: true });
        if (modified) return;
        if (attempt >= retry.attempts) throw new WriteConflictError(key);
        await new Promise((resolve) => setTimeout(resolve, retry.backoff(attempt)));
      }
    },
    async create(key, value) {
      return (await blobs.setJSON(key, value, { onlyIfNew: true })).modified;
    },
    remove: (key) => blobs.delete(key),
    keys,
    // Blobs documents no order for list(): the whole listing, sorted, is the only sure first.
    firstKey: async (prefix) => (await keys(prefix))[0],
  };
}
