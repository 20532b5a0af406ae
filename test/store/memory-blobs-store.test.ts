import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { blobsBackend, type BlobsLike } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';
import { defineDoc, WriteConflictError } from '../../src/store/store.ts';
import { storeContract } from './contract.ts';

storeContract(
  'Netlify Blobs (in-memory stand-in with production semantics)',
  async () => {
    const blobs = new MemoryBlobs();
    return () => createStore(blobsBackend(blobs));
  },
  { atomic: true },
);

// The local BlobsServer's reads carry no etag: the adapter must still write with the etag of the version it read.
storeContract(
  'Netlify Blobs (stand-in whose reads carry no etag, as the local BlobsServer)',
  async () => {
    const blobs = new MemoryBlobs({ etagOnReads: false });
    return () => createStore(blobsBackend(blobs));
  },
  { atomic: true },
);

const List = z.object({ items: z.array(z.string()) });
const list = defineDoc('list', List, () => ({ items: [] }));

/** A stand-in that lets a test act between the adapter's read and its write. */
function interceptedBlobs(options: { etagOnReads?: boolean } = {}) {
  const blobs = new MemoryBlobs(options);
  const writes: { onlyIfMatch?: string; onlyIfNew?: boolean }[] = [];
  let afterRead: (() => Promise<void>) | undefined;
  const wrapped: BlobsLike = {
    getWithMetadata: async (key, o) => {
      const found = await blobs.getWithMetadata(key);
      const hook = afterRead;
      afterRead = undefined;
      await hook?.();
      return found && o.type === 'json' ? found : null;
    },
    setJSON: (key, data, o) => {
      writes.push(o);
      return blobs.setJSON(key, data, o);
    },
    list: (o) => blobs.list(o),
    delete: (key) => blobs.delete(key),
  };
  return { blobs, wrapped, writes, onNextRead: (hook: () => Promise<void>) => void (afterRead = hook) };
}

describe('the Blobs adapter', () => {
  test('writes with the etag its own read returned, so a write landing after that read is never overwritten', async () => {
    const { blobs, wrapped, writes, onNextRead } = interceptedBlobs();
    await blobs.setJSON('list', { items: ['a'] });
    const { etag: readEtag } = (await blobs.getWithMetadata('list'))!;
    const store = createStore(blobsBackend(wrapped, { attempts: 3, backoff: () => 0 }));
    // Another instance writes right after our read returned.
    onNextRead(async () => void (await blobs.setJSON('list', { items: ['a', 'other'] })));
    await store.update(list, (d) => void d.items.push('mine'));
    expect(writes[0]).toEqual({ onlyIfMatch: readEtag });
    expect((await blobs.getWithMetadata('list'))!.data).toEqual({ items: ['a', 'other', 'mine'] });
  });

  test('on a store whose reads carry no etag, a write between reading the data and learning its etag is not overwritten', async () => {
    const { blobs, wrapped, onNextRead } = interceptedBlobs({ etagOnReads: false });
    await blobs.setJSON('list', { items: ['a'] });
    const store = createStore(blobsBackend(wrapped, { attempts: 3, backoff: () => 0 }));
    onNextRead(async () => void (await blobs.setJSON('list', { items: ['a', 'other'] })));
    await store.update(list, (d) => void d.items.push('mine'));
    expect((await blobs.getWithMetadata('list'))!.data).toEqual({ items: ['a', 'other', 'mine'] });
  });

  test('a document that did not exist is written only if it still does not (onlyIfNew)', async () => {
    const { blobs, wrapped, writes, onNextRead } = interceptedBlobs();
    const store = createStore(blobsBackend(wrapped, { attempts: 3, backoff: () => 0 }));
    onNextRead(async () => void (await blobs.setJSON('list', { items: ['other'] })));
    await store.update(list, (d) => void d.items.push('mine'));
    expect(writes[0]).toEqual({ onlyIfNew: true });
    expect((await blobs.getWithMetadata('list'))!.data).toEqual({ items: ['other', 'mine'] });
  });

  test('gives up with a conflict after the last attempt, writing nothing of its own', async () => {
    const blobs = new MemoryBlobs();
    let n = 0;
    // Every read is followed by another instance's write.
    const busy: BlobsLike = {
      getWithMetadata: async (key) => {
        const found = await blobs.getWithMetadata(key);
        await blobs.setJSON(key, { items: [`other${++n}`] });
        return found;
      },
      setJSON: (key, data, o) => blobs.setJSON(key, data, o),
      list: (o) => blobs.list(o),
      delete: (key) => blobs.delete(key),
    };
    const store = createStore(blobsBackend(busy, { attempts: 3, backoff: () => 0 }));
    await expect(store.update(list, (d) => void d.items.push('mine'))).rejects.toBeInstanceOf(WriteConflictError);
    expect((await blobs.getWithMetadata('list'))!.data).toEqual({ items: ['other3'] });
  });
});
