import { describe, expect, test } from 'vitest';
import { hit } from '../../src/services/rate-limit.ts';
import { responseLimit } from '../../src/services/record-response.ts';
import { testApp } from '../support/temp.ts';

describe('hit()', () => {
  test('a sliding window: no more than the limit in any 10 minutes, also across a clock boundary', async () => {
    const { app, clock } = await testApp();
    // One post every 2.5 s from 10:09:30 to 10:10:30: a fixed window restarting at 10:10 would take 20 + 12.
    clock.set('2026-11-26T10:09:30Z');
    let accepted = 0;
    for (let i = 0; i < 25; i++) {
      if ((await hit(app.store, responseLimit, 'client-a', app.now())).ok) accepted++;
      clock.advance(2500);
    }
    expect(accepted).toBe(responseLimit.max);
  });

  test('Retry-After is when the oldest counted attempt leaves the window', async () => {
    const { app, clock } = await testApp();
    for (let i = 0; i < responseLimit.max; i++) {
      await hit(app.store, responseLimit, 'client-a', app.now());
      clock.advance(10_000);
    }
    // The first attempt was 200 s ago; it leaves the 600 s window in 400 s.
    expect(await hit(app.store, responseLimit, 'client-a', app.now())).toEqual({ ok: false, retryAfter: 400 });
    clock.advance(400_000);
    expect(await hit(app.store, responseLimit, 'client-a', app.now())).toEqual({ ok: true });
  });

  test('attempt logs expire: a year of clients leaves at most 16 documents, each dropping what left the window when written', async () => {
    const { app, clock } = await testApp();
    clock.set('2025-11-26T00:00:00Z');
    for (let day = 0; day < 365; day++) {
      for (const hour of [9, 17]) {
        clock.set(new Date(Date.UTC(2025, 10, 26 + day, hour)));
        await hit(app.store, responseLimit, `client-${day}-${hour}`, app.now());
      }
    }
    const keys = await app.store.keys('limits/');
    expect(keys.length).toBeLessThanOrEqual(16);
    const { defineDoc } = await import('../../src/store/store.ts');
    const { z } = await import('zod');
    const docs = await Promise.all(keys.map((key) => app.store.read(defineDoc(key, z.object({ keys: z.record(z.string(), z.unknown()) }), () => ({ keys: {} })))));
    // Two clients a day, each alone in its window: every document keeps at most the last one written to it.
    expect(docs.every((doc) => Object.keys(doc.keys).length <= 1)).toBe(true);
    expect(docs.flatMap((doc) => Object.keys(doc.keys))).toContain('client-364-17');
  }, 60_000);
});
