import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { shardOf } from '../../src/domain/newsletter.ts';
import { approveIssue } from '../../src/services/newsletter-approval.ts';
import { sendNewsletter } from '../../src/services/send-newsletter.ts';
import { subscriberShard, type Subscriber } from '../../src/services/newsletter-store.ts';
import { startFakeResend } from '../../test/support/fake-resend.ts';
import { testApp } from '../../test/support/temp.ts';

/** What a scheduled run may take: Netlify stops a scheduled function at 30 s. */
const RUN_LIMIT_MS = 25_000;
/** The fake rate-limits as Resend does (429 with Retry-After: 1), at this many calls a second. */
const PER_SECOND = 20;

/**
 * The monthly send to 10,000 and 50,000 confirmed subscribers through a
 * rate-limited fake Resend on loopback (file store), as the scheduled function
 * runs it: runs of a 20 s budget until the issue is sent. Prints calls, 429s,
 * runs, the longest run, and the overhead per batch (time outside mailer calls
 * and retry waits: store, planning, rendering), which must not grow with the list.
 */
export default async function newsletterBench(): Promise<void> {
  const perBatch: number[] = [];
  for (const size of [10_000, 50_000]) perBatch.push((await sendTo(size)).overhead);
  const ratio = perBatch[1]! / perBatch[0]!;
  console.log(`overhead per batch at 50,000 / at 10,000: ${ratio.toFixed(2)}× (target ≤ 1.5×) ${ratio <= 1.5 ? 'ok' : 'OVER TARGET'}`);
}

export interface SendFigures {
  finished: boolean;
  runs: number;
  longest: number;
  calls: number;
  rateLimited: number;
  /** The most emails one address received. */
  perAddress: number;
  /** Median ms per batch outside mailer calls and retry waits. */
  overhead: number;
}

/** Sends the issue to `size` confirmed subscribers, prints the figures and returns them. */
export async function sendTo(size: number): Promise<SendFigures> {
  const fake = await startFakeResend({ perSecond: PER_SECOND });
  const { app, clock, dataDir } = await testApp({ RESEND_API_KEY: 're_bench', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SESSION_SECRET: 'bench' });
  clock.set('2026-11-01T08:00:00Z');
  const byShard = new Map<string, Subscriber[]>();
  for (let i = 0; i < size; i++) {
    const email = `reader${i}@example.com`;
    const stamp = '2026-10-01T10:00:00.000Z';
    const shard = shardOf(email);
    if (!byShard.has(shard)) byShard.set(shard, []);
    byShard.get(shard)!.push({ email, status: 'confirmed', locale: i % 3 === 0 ? 'es' : 'en', source: 'bench', subscribedAt: stamp, updatedAt: stamp });
  }
  for (const [shard, people] of byShard) await app.store.update(subscriberShard(shard), (d) => void people.forEach((p) => (d.subscribers[p.email] = p)));
  await approveIssue(app, readIssues().filter((i) => i.id === '2026-11'), 'bench');

  // Per-batch overhead: the time between the end of one batch call and the start of the next
  // within a run, less retry waits. The time before a run's first call is its set-up (reading the list).
  const gaps: number[] = [];
  const setups: number[] = [];
  let previousEnd: number | undefined;
  let runStart = 0;
  let waited = 0;
  const timed = {
    ...app.mailer,
    sendBatch: async (...args: Parameters<typeof app.mailer.sendBatch>) => {
      const t0 = performance.now();
      if (previousEnd === undefined) setups.push(t0 - runStart);
      else gaps.push(t0 - previousEnd - waited);
      waited = 0;
      try {
        return await app.mailer.sendBatch(...args);
      } finally {
        previousEnd = performance.now();
      }
    },
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => void (waited += ms));
  let runs = 0;
  let calls = 0;
  let rateLimited = 0;
  let longest = 0;
  let outcome = '';
  const started = performance.now();
  while (outcome !== 'finished' && runs < 200) {
    const t0 = performance.now();
    runStart = t0;
    previousEnd = undefined;
    const report = await sendNewsletter({ ...app, mailer: timed }, { trigger: 'schedule', budgetMs: 20_000, sleep, log: () => undefined });
    longest = Math.max(longest, performance.now() - t0);
    runs++;
    calls += report.calls;
    rateLimited += report.rateLimited;
    outcome = report.outcome;
    clock.advance(20 * 60_000);
  }
  const batches = fake.calls.filter((c) => c.path === '/emails/batch' && c.status === 200).length;
  const perAddress = Math.max(...fake.receivedCount().values());
  const sorted = [...gaps].sort((a, b) => a - b);
  const overhead = sorted[Math.floor(sorted.length / 2)]!;
  const setup = Math.max(...setups);
  const logSize = (await stat(join(dataDir, 'store/newsletter/sends/2026-11.json'))).size;
  console.log(
    `${size.toLocaleString('en')} subscribers: ${outcome} in ${runs} runs (longest ${(longest / 1000).toFixed(1)} s, limit ${RUN_LIMIT_MS / 1000} s ${longest <= RUN_LIMIT_MS ? 'ok' : 'OVER'}); ` +
      `${calls} mailer calls, ${rateLimited} answered 429 (fake limit ${PER_SECOND}/s); ${batches} batches; ${fake.delivered.length} emails, at most ${perAddress} per address; ` +
      `overhead per batch ${overhead.toFixed(1)} ms (median; 90th percentile ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(1)} ms), run set-up up to ${(setup / 1000).toFixed(2)} s; ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s in all; send log ${(logSize / 1024).toFixed(1)} KB`,
  );
  await fake.close();
  return { finished: outcome === 'finished', runs, longest, calls, rateLimited, perAddress, overhead };
}
