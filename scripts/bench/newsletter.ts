import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createApp, type App } from '../../src/app.ts';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { dbOver, dbOverPGlite, type Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { approveIssue } from '../../src/newsletter/approval.ts';
import { sendNewsletter } from '../../src/newsletter/send.ts';
import { startFakeResend } from '../../test/support/fake-resend.ts';
import { postgresBin, startPostgres } from '../support/postgres.ts';

/** What a scheduled run may take: Netlify stops a scheduled function at 30 s. */
const RUN_LIMIT_MS = 25_000;
/** The scheduled function's budget: no batch starts after it. */
const BUDGET_MS = 20_000;
/** The fake rate-limits as Resend does (429 with Retry-After: 1), at this many calls a second. */
const PER_SECOND = 10;

type Engine = 'PGlite' | 'PostgreSQL';

/**
 * The monthly send to 10,000 and 50,000 confirmed subscribers, on PGlite (as `npm start` runs it) and on a
 * real PostgreSQL server (as Netlify does), through a rate-limited fake Resend on loopback, as the scheduled
 * function runs it: runs with a 20 s budget, batches of 100 (Resend's most), until the issue is sent. Prints
 * runs, the longest run, mailer calls and 429s, emails per address, and the database's time per batch
 * (every statement of the send: claim, record, lease, the counts), which must not grow with the list.
 */
export default async function newsletterBench(): Promise<void> {
  for (const engine of ['PGlite', 'PostgreSQL'] as const) {
    const [small, large] = [await sendTo(10_000, engine), await sendTo(50_000, engine)];
    const ratio = large.dbPerBatch / small.dbPerBatch;
    // PGlite's plans follow the statistics it never refreshes: its ratio is shown, the target is Postgres'.
    const verdict = engine === 'PGlite' ? '(no target: no autovacuum)' : `(target ≤ 1.5×) ${ratio <= 1.5 ? 'ok' : 'OVER TARGET'}`;
    console.log(`${engine}: database time per batch at 50,000 / at 10,000: ${ratio.toFixed(2)}× ${verdict}`);
  }
}

export interface SendFigures {
  finished: boolean;
  runs: number;
  longest: number;
  calls: number;
  rateLimited: number;
  /** The most emails one address received, and how many addresses received one. */
  perAddress: number;
  addresses: number;
  /** Median ms between two mailer calls of a run, less retry waits: the send's own time per batch. */
  overhead: number;
  /** Database time per batch, every statement of the send counted. */
  dbPerBatch: number;
}

/** A fresh, migrated database on `engine`; on PostgreSQL a throwaway server of its own, stopped by close(). */
async function benchDb(engine: Engine): Promise<Db> {
  if (engine === 'PGlite') {
    const db = dbOverPGlite(await PGlite.create());
    await migrate(db);
    return db;
  }
  const bin = postgresBin();
  if (!bin) throw new Error('No PostgreSQL server: apt-get install postgresql');
  const server = await startPostgres(bin);
  const pool = new pg.Pool({ connectionString: server.url, max: 5 });
  const db = dbOver(pool, async () => {
    await pool.end();
    server.stop();
  });
  await migrate(db);
  return db;
}

/** Sends the issue to `size` confirmed subscribers, prints the figures and returns them. */
export async function sendTo(size: number, engine: Engine = 'PGlite'): Promise<SendFigures> {
  const fake = await startFakeResend({ perSecond: PER_SECOND, lean: true });
  const measured = await benchDb(engine);
  // The time spent in the database, to give per batch.
  let dbMs = 0;
  const db: Db = {
    query: async (text, params) => {
      const t0 = performance.now();
      try {
        return await measured.query(text, params);
      } finally {
        dbMs += performance.now() - t0;
      }
    },
    close: () => measured.close(),
  };
  let now = new Date('2026-11-01T08:00:00Z');
  const base = createApp({ DATA_DIR: await mkdtemp(join(tmpdir(), 'vuelve-bench-')), RESEND_API_KEY: 're_bench', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SESSION_SECRET: 'bench' }, { db });
  const seeded = performance.now();
  await db.query(
    `INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, updated_at)
     SELECT 'reader' || i || '@example.com', 'confirmed', CASE WHEN i % 3 = 0 THEN 'es' ELSE 'en' END, 'bench', $1, $1, $1 FROM generate_series(1, $2) AS i`,
    ['2026-10-01T10:00:00Z', size],
  );
  // Netlify's Postgres has analysed a list built over months long before it is sent to (autovacuum);
  // PGlite runs no autovacuum, so it plans with whatever statistics it has: left as they are.
  if (engine === 'PostgreSQL') await db.query('ANALYZE subscribers');
  const seedMs = performance.now() - seeded;

  // Database time per batch: from the end of one batch call to the start of the next within a run, less
  // retry waits. The time before a run's first call is its set-up (what earlier runs left, the lease).
  const gaps: number[] = [];
  const setups: number[] = [];
  let previousEnd: number | undefined;
  let runStart = 0;
  let waited = 0;
  const mailer: App['mailer'] = {
    ...base.mailer,
    sendBatch: async (...args) => {
      const t0 = performance.now();
      if (previousEnd === undefined) setups.push(t0 - runStart);
      else gaps.push(t0 - previousEnd - waited);
      waited = 0;
      try {
        return await base.mailer.sendBatch(...args);
      } finally {
        previousEnd = performance.now();
      }
    },
  };
  const app: App = { ...base, mailer, now: () => now };
  await approveIssue(app, readIssues().filter((i) => i.id === '2026-11'), { via: 'script', user: 'bench' });
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => void (waited += ms));
  let runs = 0;
  let calls = 0;
  let rateLimited = 0;
  let longest = 0;
  let outcome = '';
  const started = performance.now();
  dbMs = 0;
  while (outcome !== 'finished' && runs < 200) {
    runStart = performance.now();
    previousEnd = undefined;
    const report = await sendNewsletter(app, { trigger: 'schedule', budgetMs: BUDGET_MS, sleep, log: () => undefined });
    longest = Math.max(longest, performance.now() - runStart);
    runs++;
    calls += report.calls;
    rateLimited += report.rateLimited;
    outcome = report.outcome;
    now = new Date(now.getTime() + 20 * 60_000);
  }
  const received = new Map<string, number>();
  for (const email of fake.delivered.filter((e) => e.headers?.['List-Unsubscribe'])) received.set(String(email.to), (received.get(String(email.to)) ?? 0) + 1);
  const perAddress = Math.max(...received.values());
  const sorted = [...gaps].sort((a, b) => a - b);
  const overhead = sorted[Math.floor(sorted.length / 2)]!;
  const batches = fake.calls.filter((c) => c.path === '/emails/batch' && c.status === 200).length;
  console.log(
    `${engine}, ${size.toLocaleString('en')} subscribers (seeded in ${(seedMs / 1000).toFixed(1)} s): ${outcome} in ${runs} runs, longest ${(longest / 1000).toFixed(1)} s ` +
      `(limit ${RUN_LIMIT_MS / 1000} s ${longest <= RUN_LIMIT_MS ? 'ok' : 'OVER'}); ${calls} mailer calls, ${rateLimited} answered 429 (fake limit ${PER_SECOND}/s); ` +
      `${received.size.toLocaleString('en')} addresses emailed, at most ${perAddress} each ${received.size === size && perAddress === 1 ? 'ok' : 'WRONG'}; ` +
      `database ${(dbMs / batches).toFixed(1)} ms per batch (all statements of the send over ${batches} batches); ` +
      `between two calls ${overhead.toFixed(1)} ms (median; 90th percentile ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(1)} ms: database, rendering, the fake's own work), run set-up up to ${Math.max(...setups).toFixed(0)} ms; ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s in all`,
  );
  await fake.close();
  await db.close();
  return { finished: outcome === 'finished', runs, longest, calls, rateLimited, perAddress, addresses: received.size, overhead, dbPerBatch: dbMs / batches };
}
