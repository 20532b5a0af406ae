import type { BlobsLike } from './blobs-backend.ts';

/**
 * An in-memory stand-in for a Netlify Blobs store with production's semantics,
 * for tests and benchmarks: every read returns the etag of the version it read,
 * and a conditional write checks and writes in one step (atomic), which the local
 * BlobsServer does not. Each call yields to the event loop first, as a network
 * call would, so concurrent callers interleave. Values are kept as JSON text, so
 * no caller shares objects with the store.
 */
export class MemoryBlobs implements BlobsLike {
  private readonly entries = new Map<string, { body: string; etag: string }>();
  /** Every key, sorted: a prefix is listed by binary search, as an indexed store would, not by a scan. */
  private readonly sorted: string[] = [];
  private version = 0;
  private readonly etagOnReads: boolean;

  /** `etagOnReads: false` behaves like the local BlobsServer, whose reads carry no ETag. */
  constructor(options: { etagOnReads?: boolean } = {}) {
    this.etagOnReads = options.etagOnReads ?? true;
  }

  async getWithMetadata(key: string): Promise<{ data: unknown; etag?: string; metadata: Record<string, unknown> } | null> {
    await network();
    const entry = this.entries.get(key);
    if (!entry) return null;
    return { data: JSON.parse(entry.body) as unknown, ...(this.etagOnReads ? { etag: entry.etag } : {}), metadata: {} };
  }

  async setJSON(key: string, data: unknown, options: { onlyIfMatch?: string; onlyIfNew?: boolean } = {}): Promise<{ modified: boolean; etag?: string }> {
    const body = JSON.stringify(data);
    await network();
    // From here to the end nothing awaits: the check and the write are one step.
    const current = this.entries.get(key);
    if (options.onlyIfNew && current) return { modified: false };
    if (options.onlyIfMatch && current?.etag !== options.onlyIfMatch) return { modified: false };
    const etag = `"${++this.version}"`;
    if (!current) this.sorted.splice(this.firstAtOrAfter(key), 0, key);
    this.entries.set(key, { body, etag });
    return { modified: true, etag };
  }

  async list(options: { prefix?: string } = {}): Promise<{ blobs: { key: string; etag: string }[]; directories: string[] }> {
    await network();
    const prefix = options.prefix ?? '';
    const blobs: { key: string; etag: string }[] = [];
    for (let i = this.firstAtOrAfter(prefix); i < this.sorted.length && this.sorted[i]!.startsWith(prefix); i++) {
      const key = this.sorted[i]!;
      blobs.push({ key, etag: this.entries.get(key)!.etag });
    }
    return { blobs, directories: [] };
  }

  async delete(key: string): Promise<void> {
    await network();
    if (this.entries.delete(key)) this.sorted.splice(this.firstAtOrAfter(key), 1);
  }

  /** The index of the first key not before `key` in the sorted keys. */
  private firstAtOrAfter(key: string): number {
    let [low, high] = [0, this.sorted.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.sorted[middle]! < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** A turn of the event loop, sometimes a little longer, so concurrent calls finish in a shuffled order. */
function network(): Promise<void> {
  return new Promise((resolve) => (Math.random() < 0.5 ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
