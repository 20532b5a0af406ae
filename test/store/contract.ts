import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { defineDoc, type Store } from '../../src/store/store.ts';

const Counter = z.object({ items: z.array(z.number()) });
const counter = (key = 'counters/a') => defineDoc(key, Counter, () => ({ items: [] }));
const Card = z.object({ stamps: z.number().int(), redeemed: z.array(z.string()) });
const card = defineDoc('cards/one', Card, () => ({ stamps: 10, redeemed: [] }));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export interface ContractOptions {
  /**
   * Whether the backend's conditional writes are atomic, so that independent
   * instances on one store can be proved not to lose anything (the local
   * BlobsServer's are not: it is checked for function only).
   */
  atomic: boolean;
}

/**
 * The behaviour every Store must have, run once per backend. `open` makes a fresh,
 * empty backend and returns a way to open independent store instances on it (as
 * separate function instances or processes would).
 */
export function storeContract(name: string, open: () => Promise<() => Store>, options: ContractOptions): void {
  const makeStore = async () => (await open())();

  // A generous timeout: on a busy machine the local BlobsServer takes seconds for 50 updates over HTTP.
  describe(`Store contract: ${name}`, { timeout: 30_000 }, () => {
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

    test('an update that changes nothing writes nothing', async () => {
      const store = await makeStore();
      expect(await store.update(counter(), (doc) => doc.items.length)).toBe(0);
      expect(await store.keys('counters/')).toEqual([]);
    });

    test('50 concurrent updates of one document lose nothing', async () => {
      const store = await makeStore();
      await Promise.all(range(50).map((i) => store.update(counter(), (doc) => void doc.items.push(i))));
      const { items } = await store.read(counter());
      expect(items.toSorted((a, b) => a - b)).toEqual(range(50));
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

    test('create() writes a new document once; a second create of the key is refused and changes nothing', async () => {
      const store = await makeStore();
      expect(await store.create(counter(), { items: [1] })).toBe(true);
      expect(await store.create(counter(), { items: [2] })).toBe(false);
      expect(await store.read(counter())).toEqual({ items: [1] });
    });

    test('create() refuses a value its schema refuses', async () => {
      const store = await makeStore();
      await expect(store.create(counter(), { items: ['one'] } as never)).rejects.toThrow();
      expect(await store.keys('counters/')).toEqual([]);
    });

    test('an update after create() sees the created value', async () => {
      const store = await makeStore();
      await store.create(counter(), { items: [1] });
      await store.update(counter(), (doc) => void doc.items.push(2));
      expect(await store.read(counter())).toEqual({ items: [1, 2] });
    });

    test('remove() deletes a document, and removing a missing one is no error', async () => {
      const store = await makeStore();
      await store.create(counter(), { items: [1] });
      await store.remove('counters/a');
      await store.remove('counters/a');
      expect(await store.read(counter())).toEqual({ items: [] });
      expect(await store.keys('counters/')).toEqual([]);
    });

    test('remove() refuses a key that could name something outside the store', async () => {
      const store = await makeStore();
      await expect(store.remove('../outside')).rejects.toThrow(/Invalid store key/);
    });

    test('keys() lists documents under a prefix, sorted', async () => {
      const store = await makeStore();
      await store.update(counter('counters/b'), (doc) => void doc.items.push(1));
      await store.update(counter('counters/a'), (doc) => void doc.items.push(1));
      await store.update(counter('other/x'), (doc) => void doc.items.push(1));
      expect(await store.keys('counters/')).toEqual(['counters/a', 'counters/b']);
    });

    test('keys() takes any string prefix: a month of day folders, one day, and not the month document beside them', async () => {
      const store = await makeStore();
      const keys = ['log/2026-11', 'log/2026-11-02/b', 'log/2026-11-02/a', 'log/2026-11-30/c', 'log/2026-12-01/d'];
      for (const key of keys) await store.create(counter(key), { items: [] });
      expect(await store.keys('log/2026-11-')).toEqual(['log/2026-11-02/a', 'log/2026-11-02/b', 'log/2026-11-30/c']);
      expect(await store.keys('log/2026-11-02/')).toEqual(['log/2026-11-02/a', 'log/2026-11-02/b']);
      expect(await store.keys('log/2026-11')).toEqual(keys.slice(0, 4).sort());
      expect(await store.keys('nothing/')).toEqual([]);
    });

    test('firstKey() is the first of keys(), for any prefix, or undefined', async () => {
      const store = await makeStore();
      const keys = ['log/2026-11', 'log/2026-11-02/b', 'log/2026-11-02/a', 'log/2026-11-30/c', 'log/2026-12-01/d', 'log/2026-1', 'log-a/x', 'log/2026-11-02-x'];
      for (const key of keys) await store.create(counter(key), { items: [] });
      for (const prefix of ['log/', 'log/2026-11-', 'log/2026-11-02/', 'log/2026-11-3', 'log/2026-12', 'log', 'log/2026-11-02', 'nothing/']) {
        expect(await store.firstKey(prefix), prefix).toBe((await store.keys(prefix))[0]);
      }
      expect(await store.firstKey('log/2026-11-')).toBe('log/2026-11-02-x');
      expect(await store.firstKey('nothing/')).toBeUndefined();
    });

    describe.runIf(options.atomic)('many independent instances on one store', () => {
      test('8 instances × 25 concurrent updates of one document lose nothing', async () => {
        const instance = await open();
        const stores = range(8).map(() => instance());
        await Promise.all(stores.flatMap((store, s) => range(25).map((i) => store.update(counter(), (doc) => void doc.items.push(s * 100 + i)))));
        const { items } = await instance().read(counter());
        expect(items).toHaveLength(200);
        expect(new Set(items).size).toBe(200);
      });

      test('10 instances redeeming one reward at once: exactly one succeeds', async () => {
        const instance = await open();
        const attempts = range(10).map((i) =>
          instance().update(card, (doc) => {
            if (doc.stamps < 10) return false;
            doc.stamps -= 10;
            doc.redeemed.push(`staff${i}`);
            return true;
          }),
        );
        expect((await Promise.all(attempts)).filter(Boolean)).toHaveLength(1);
        expect((await instance().read(card)).redeemed).toHaveLength(1);
      });

      test('30 attempts against a limit of 5 from 10 instances: exactly 5 are allowed', async () => {
        const instance = await open();
        const limit = defineDoc('limits/pin', z.object({ count: z.number() }), () => ({ count: 0 }));
        const attempts = range(30).map(() =>
          instance().update(limit, (doc) => {
            if (doc.count >= 5) return false;
            doc.count++;
            return true;
          }),
        );
        expect((await Promise.all(attempts)).filter(Boolean)).toHaveLength(5);
      });

      test('10 instances creating one key at once: exactly one create wins', async () => {
        const instance = await open();
        const results = await Promise.all(range(10).map((i) => instance().create(counter(), { items: [i] })));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await instance().read(counter())).items).toEqual([results.indexOf(true)]);
      });

      test('creates and updates of one new document from several instances: the created value is never overwritten', async () => {
        const instance = await open();
        const work = range(10).map((i) =>
          i % 2 ? instance().create(counter(), { items: [1000 + i] }) : instance().update(counter(), (doc) => void doc.items.push(i)),
        );
        const created = (await Promise.all(work)).filter((r) => r === true).length;
        const { items } = await instance().read(counter());
        // Every update landed; a create landed only if it came first.
        expect(items.filter((n) => n < 1000).toSorted((a, b) => a - b)).toEqual([0, 2, 4, 6, 8]);
        expect(items.filter((n) => n >= 1000)).toHaveLength(created);
      });
    });
  });
}
