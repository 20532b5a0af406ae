import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { defineDoc, type Store } from '../../src/store/store.ts';

const Counter = z.object({ items: z.array(z.number()) });
const counter = (key = 'counters/a') => defineDoc(key, Counter, () => ({ items: [] }));

/** The behaviour every Store must have, run once per backend. */
export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    test('reads the empty value of a document never written', async () => {
      const store = await makeStore();
      expect(await store.read(counter())).toEqual({ items: [] });
    });

    test('update() writes, read() returns it, and update returns the change result', async () => {
      const store = await makeStore();
      const length = await store.update(counter(), (doc) => doc.items.push(1));
      expect(length).toBe(1);
      expect(await store.read(counter())).toEqual({ items: [1] });
    });

    test('50 concurrent updates of one document lose nothing', async () => {
      const store = await makeStore();
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.update(counter(), (doc) => void doc.items.push(i))));
      const { items } = await store.read(counter());
      expect(items.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    test('a change that throws writes nothing', async () => {
      const store = await makeStore();
      await store.update(counter(), (doc) => void doc.items.push(1));
      await expect(
        store.update(counter(), (doc) => {
          doc.items.push(2);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(await store.read(counter())).toEqual({ items: [1] });
    });

    test('a change that breaks the schema is refused and writes nothing', async () => {
      const store = await makeStore();
      await store.update(counter(), (doc) => void doc.items.push(1));
      await expect(store.update(counter(), (doc) => void (doc.items as unknown[]).push('two'))).rejects.toThrow();
      expect(await store.read(counter())).toEqual({ items: [1] });
    });

    test('keys() lists documents under a prefix, sorted', async () => {
      const store = await makeStore();
      await store.update(counter('counters/b'), (doc) => void doc.items.push(1));
      await store.update(counter('counters/a'), (doc) => void doc.items.push(1));
      await store.update(counter('other/x'), (doc) => void doc.items.push(1));
      expect(await store.keys('counters/')).toEqual(['counters/a', 'counters/b']);
    });
  });
}
