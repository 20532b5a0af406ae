import { getStore } from '@netlify/blobs';
import { BlobsServer } from '@netlify/blobs/server';
import type { Adapter } from 'lowdb';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { blobsSource } from '../../src/store/blobs-source.ts';
import { createLowdbStore, type AdapterSource } from '../../src/store/lowdb-store.ts';
import { defineDoc, WriteConflictError } from '../../src/store/store.ts';
import { tempDir } from '../support/temp.ts';
import { storeContract } from './contract.ts';

let server: BlobsServer;
let url: string;
let storeCount = 0;

beforeAll(async () => {
  server = new BlobsServer({ directory: await tempDir(), token: 't', port: 0 });
  const { port } = await server.start();
  url = `http://localhost:${port}`;
});
afterAll(async () => {
  await server?.stop();
});

const blobs = () => getStore({ name: `s${++storeCount}`, siteID: 'site', token: 't', edgeURL: url, uncachedEdgeURL: url, consistency: 'strong' });

storeContract('lowdb on Netlify Blobs (local BlobsServer)', async () => createLowdbStore(blobsSource(blobs())));

describe('the Blobs adapter under contention', () => {
  test('a write with a stale etag is refused as a conflict and nothing is overwritten', async () => {
    const store = blobs();
    const source = blobsSource(store);
    const first = source.adapter('list');
    const second = source.adapter('list');
    await first.read();
    await second.read();
    await first.write({ items: ['first'] });
    await expect(second.write({ items: ['second'] })).rejects.toBeInstanceOf(WriteConflictError);
    expect(await store.get('list', { type: 'json' })).toEqual({ items: ['first'] });
  });
  // The local server's check-then-write is not atomic, so true races are tested below with a source that conflicts on purpose.
});

describe('retry on conflict (deterministic)', () => {
  /** A source whose first `conflicts` writes report that another instance wrote first, as production does. */
  function conflictingSource(conflicts: number): AdapterSource & { data: unknown; writes: number } {
    const source = {
      kind: 'blobs' as const,
      data: null as unknown,
      writes: 0,
      adapter(): Adapter<unknown> {
        return {
          read: async () => structuredClone(source.data),
          write: async (data) => {
            source.writes++;
            if (source.writes <= conflicts) {
              // Another instance appended meanwhile.
              const current = (source.data as { items: string[] } | null) ?? { items: [] };
              source.data = { items: [...current.items, `other${source.writes}`] };
              throw new WriteConflictError('list');
            }
            source.data = structuredClone(data);
          },
        };
      },
      keys: async () => [],
    };
    return source;
  }
  const doc = defineDoc('list', z.object({ items: z.array(z.string()) }), () => ({ items: [] }));

  test('re-reads and re-applies the change until the write lands, keeping the other writes', async () => {
    const source = conflictingSource(3);
    const store = createLowdbStore(source, { attempts: 5, backoff: () => 0 });
    await store.update(doc, (d) => void d.items.push('mine'));
    expect(source.data).toEqual({ items: ['other1', 'other2', 'other3', 'mine'] });
    expect(source.writes).toBe(4);
  });

  test('gives up with the conflict after the last attempt, writing nothing of its own', async () => {
    const source = conflictingSource(10);
    const store = createLowdbStore(source, { attempts: 3, backoff: () => 0 });
    await expect(store.update(doc, (d) => void d.items.push('mine'))).rejects.toBeInstanceOf(WriteConflictError);
    expect((source.data as { items: string[] }).items).not.toContain('mine');
  });
});
