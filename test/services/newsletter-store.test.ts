import { describe, expect, test } from 'vitest';
import {
  listSubscribers,
  sendLogDoc,
  sendLogs,
  shardFor,
  subscriberCounts,
  summariseSendLog,
  type Subscriber,
} from '../../src/services/newsletter-store.ts';
import { testApp } from '../support/temp.ts';

const person = (email: string, status: Subscriber['status'], subscribedAt: string, locale: 'en' | 'es' = 'en'): Subscriber => ({
  email,
  status,
  locale,
  source: 'footer',
  subscribedAt,
  updatedAt: subscribedAt,
});

describe('the newsletter read functions for the dashboard', () => {
  test('listSubscribers() returns every shard, newest sign-up first; subscriberCounts() counts states', async () => {
    const { app } = await testApp();
    const people = [
      person('ana@example.com', 'confirmed', '2026-11-01T10:00:00.000Z', 'es'),
      person('bo@example.com', 'pending', '2026-11-03T10:00:00.000Z'),
      person('cy@example.com', 'unsubscribed', '2026-11-02T10:00:00.000Z'),
    ];
    for (const p of people) await app.store.update(shardFor(p.email), (d) => void (d.subscribers[p.email] = p));
    expect((await listSubscribers(app)).map((s) => s.email)).toEqual(['bo@example.com', 'cy@example.com', 'ana@example.com']);
    expect(await subscriberCounts(app)).toEqual({ pending: 1, confirmed: 1, unsubscribed: 1, confirmedByLocale: { en: 0, es: 1 } });
  });

  test('sendLogs() lists issues newest first and summariseSendLog() adds them up', async () => {
    const { app } = await testApp();
    await app.store.update(sendLogDoc('2026-10'), (d) => {
      d.startedAt = d.finishedAt = '2026-10-01T09:00:00.000Z';
      d.batches.push({ index: 0, key: 'k', locale: 'en', recipients: ['a@x.com', 'b@x.com'], status: 'sent', ids: ['1', '2'], attempts: 1, claimedAt: d.startedAt });
      d.failures.push({ email: 'c@x.com', locale: 'en', statusCode: 422, message: 'invalid', at: d.startedAt });
    });
    await app.store.update(sendLogDoc('2026-11'), (d) => void (d.startedAt = '2026-11-01T09:00:00.000Z'));
    const logs = await sendLogs(app);
    expect(logs.map((l) => l.issue)).toEqual(['2026-11', '2026-10']);
    expect(summariseSendLog(logs[1]!)).toMatchObject({ issue: '2026-10', state: 'finished', sent: 2, failed: 1, batches: 1 });
    expect(summariseSendLog(logs[0]!).state).toBe('sending');
  });
});
