import { describe, expect, test } from 'vitest';
import { enqueue, flush, outboxDoc, type Delivery, type OutboxItem } from '../../src/wallet/outbox.ts';
import { testApp } from '../support/temp.ts';

describe('the wallet outbox', () => {
  test('two flushes at once send an update once', async () => {
    const { app } = await testApp();
    await enqueue(app, [{ wallet: 'google', card: 'CARD0001', target: 'object' }]);
    const sent: string[] = [];
    const deliver = async (item: OutboxItem): Promise<Delivery> => {
      sent.push(item.card);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ok: true };
    };
    await Promise.all([flush(app, deliver, { limit: 10 }), flush(app, deliver, { limit: 10 })]);
    expect(sent).toEqual(['CARD0001']);
    expect(await app.store.read(outboxDoc)).toEqual({ items: [], delivered: { apple: 0, google: 1 } });
  });

  test('a change that arrives while its update is on the way is sent again, right after', async () => {
    const { app } = await testApp();
    await enqueue(app, [{ wallet: 'apple', card: 'CARD0002', target: 'DEVICE01' }]);
    let calls = 0;
    const deliver = async (): Promise<Delivery> => {
      // The second stamp lands while the first push is in flight.
      if (++calls === 1) await enqueue(app, [{ wallet: 'apple', card: 'CARD0002', target: 'DEVICE01' }]);
      return { ok: true };
    };
    expect(await flush(app, deliver, { limit: 10 })).toEqual({ sent: 2, failed: 0 });
    expect(calls).toBe(2);
    expect((await app.store.read(outboxDoc)).items).toEqual([]);
  });
});
