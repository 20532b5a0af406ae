import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { shardOf } from '../../src/domain/newsletter.ts';
import { sendNewsletter } from '../../src/services/send-newsletter.ts';
import { subscriberShard, type Subscriber } from '../../src/services/newsletter-store.ts';
import { startFakeResend } from '../../test/support/fake-resend.ts';
import { testApp } from '../../test/support/temp.ts';

/** The monthly send to 10,000 confirmed subscribers through a fake Resend on loopback (file store). */
export default async function newsletterBench(): Promise<void> {
  const fake = await startFakeResend();
  const { app, clock, dataDir } = await testApp({ RESEND_API_KEY: 're_bench', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SESSION_SECRET: 'bench' });
  clock.set('2026-11-01T08:00:00Z');
  const byShard = new Map<string, Subscriber[]>();
  for (let i = 0; i < 10_000; i++) {
    const email = `reader${i}@example.com`;
    const stamp = '2026-10-01T10:00:00.000Z';
    const shard = shardOf(email);
    byShard.set(shard, [...(byShard.get(shard) ?? []), { email, status: 'confirmed', locale: i % 3 === 0 ? 'es' : 'en', source: 'bench', subscribedAt: stamp, updatedAt: stamp }]);
  }
  for (const [shard, people] of byShard) await app.store.update(subscriberShard(shard), (d) => void people.forEach((p) => (d.subscribers[p.email] = p)));

  // Time spent in the mailer (rendering excluded) versus the rest (store, planning).
  let mailerMs = 0;
  const timed = { ...app.mailer, sendBatch: async (...args: Parameters<typeof app.mailer.sendBatch>) => {
    const t0 = performance.now();
    try { return await app.mailer.sendBatch(...args); } finally { mailerMs += performance.now() - t0; }
  } };
  const started = performance.now();
  const report = await sendNewsletter({ ...app, mailer: timed }, { trigger: 'script', log: () => undefined });
  const ms = performance.now() - started;
  const batchCalls = fake.calls.filter((c) => c.path === '/emails/batch');
  const perAddress = Math.max(...fake.receivedCount().values());
  const logSize = (await stat(join(dataDir, 'store/newsletter/sends/2026-11.json'))).size;
  console.log(
    `10,000 subscribers: ${report.outcome} in ${(ms / 1000).toFixed(1)} s; ${report.calls} mailer calls (${batchCalls.length} batch calls of ≤ ${Math.max(...batchCalls.map((c) => c.count))}); ` +
      `${fake.delivered.length} emails delivered, at most ${perAddress} per address; send log ${(logSize / 1024).toFixed(0)} KB; ${(mailerMs / 1000).toFixed(1)} s of it in mailer calls`,
  );
  await fake.close();
}
