import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createStore } from '../../src/store/document-store.ts';
import { fileBackend } from '../../src/store/file-backend.ts';
import { defineDoc } from '../../src/store/store.ts';

/** The file store: 1,000 appends to one document, and a read of it. */
export default async function storeBench(): Promise<void> {
  const store = createStore(fileBackend(await mkdtemp(join(tmpdir(), 'vuelve-bench-'))));
  const doc = defineDoc('bench/items', z.object({ items: z.array(z.object({ id: z.number(), text: z.string() })) }), () => ({ items: [] }));
  const started = performance.now();
  await Promise.all(Array.from({ length: 1000 }, (_, id) => store.update(doc, (d) => void d.items.push({ id, text: 'x'.repeat(100) }))));
  const wrote = performance.now() - started;
  const readStart = performance.now();
  const { items } = await store.read(doc);
  console.log(`1,000 concurrent appends to one document: ${wrote.toFixed(0)} ms (${(wrote / 1000).toFixed(2)} ms each); read of ${items.length} items: ${(performance.now() - readStart).toFixed(1)} ms`);
}
