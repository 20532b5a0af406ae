import type { App } from '../../src/app.ts';
import { blobsBackend } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';

/** The same app on the file store, and on the in-memory Blobs stand-in (production's semantics): for `describe.each`. */
export const bothStores: [string, (app: App) => App][] = [
  ['file store', (app) => app],
  ['Blobs stand-in', (app) => ({ ...app, store: createStore(blobsBackend(new MemoryBlobs())) })],
];
