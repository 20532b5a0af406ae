import { getStore } from '@netlify/blobs';
import { BlobsServer } from '@netlify/blobs/server';
import { afterAll, beforeAll } from 'vitest';
import { blobsBackend } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
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

const blobs = (name: string) => getStore({ name, siteID: 'site', token: 't', edgeURL: url, uncachedEdgeURL: url, consistency: 'strong' });

// The local server (what `astro dev` emulates Blobs with) sends no ETag on reads and checks a
// condition and writes in two steps, so it proves function only; concurrency is proved on the
// in-memory stand-in with production's semantics (memory-blobs-store.test.ts).
storeContract(
  'Netlify Blobs (local BlobsServer)',
  async () => {
    const name = `s${++storeCount}`;
    return () => createStore(blobsBackend(blobs(name)));
  },
  { atomic: false },
);
