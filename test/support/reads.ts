import type { App } from '../../src/app.ts';

/**
 * The same app with a store that notes the key of every document read, to
 * prove where a figure comes from: `const { app, reads } = countReads(base)`.
 */
export function countReads(base: App): { app: App; reads: string[] } {
  const reads: string[] = [];
  const store = base.store;
  return { app: { ...base, store: { ...store, read: (doc) => (reads.push(doc.key), store.read(doc)) } }, reads };
}
