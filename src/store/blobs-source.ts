import type { Store as BlobStore } from '@netlify/blobs';
import type { Adapter } from 'lowdb';
import type { AdapterSource } from './lowdb-store.ts';
import { WriteConflictError } from './store.ts';

/**
 * Documents as JSON blobs in a Netlify Blobs store. Each adapter remembers the
 * etag it read and writes only if the blob is still at that version (or still
 * absent), so two function instances can never overwrite each other's changes.
 */
export function blobsSource(blobs: BlobStore): AdapterSource {
  return {
    kind: 'blobs',
    adapter(key) {
      return new BlobsAdapter(blobs, key);
    },
    async keys(prefix) {
      const { blobs: found } = await blobs.list({ prefix });
      return found.map((blob) => blob.key).sort();
    },
  };
}

class BlobsAdapter implements Adapter<unknown> {
  /** undefined: not read yet; null: the blob did not exist when read. */
  private etag: string | null | undefined;
  private readonly blobs: BlobStore;
  private readonly key: string;

  constructor(blobs: BlobStore, key: string) {
    this.blobs = blobs;
    this.key = key;
  }

  async read(): Promise<unknown> {
    const found = await this.blobs.getWithMetadata(this.key, { type: 'json' });
    if (!found) {
      this.etag = null;
      return null;
    }
    // The local Blobs server sends no ETag on reads; list() reports it.
    this.etag = found.etag ?? (await this.listedEtag());
    return found.data;
  }

  async write(data: unknown): Promise<void> {
    const condition = this.etag ? { onlyIfMatch: this.etag } : { onlyIfNew: true as const };
    const { modified, etag } = await this.blobs.setJSON(this.key, data, condition);
    if (!modified) throw new WriteConflictError(this.key);
    this.etag = etag ?? null;
  }

  private async listedEtag(): Promise<string | null> {
    const { blobs } = await this.blobs.list({ prefix: this.key });
    return blobs.find((blob) => blob.key === this.key)?.etag ?? null;
  }
}
