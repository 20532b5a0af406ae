// `node scripts/bench/dashboard.ts [1000,100000]`: the owner's overview, monthly summary and ladder, timed as
// their view-model functions on a shop seeded with SQL (scripts/bench/seed-sql.ts), on PGlite in-process (as
// `npm start` runs it) and on a real PostgreSQL server started on a temporary folder (as the tests start it).
// Targets (issue 22): at 100k responses, each page ≤ 1 s on PGlite and ≤ 300 ms on PostgreSQL, first view
// included. Beside the time, the CPU time the database spent (PGlite: this process; PostgreSQL: its one
// connection's backend), which a machine busy with other work inflates less.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { readDashboardCatalog } from '../../src/dashboard/catalog.ts';
import { figuresContent } from '../../src/dashboard/content.ts';
import { ladderView } from '../../src/dashboard/ladder-view.ts';
import { monthlySummary } from '../../src/dashboard/monthly-summary.ts';
import { monthIn } from '../../src/dashboard/months.ts';
import { overview } from '../../src/dashboard/overview.ts';
import { dbOver, dbOverPGlite, type Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import startPostgres from '../../test/support/postgres-server.ts';
import { seedShop } from './seed-sql.ts';

const sizes = (process.argv[2] ?? '1000,100000').split(',').map(Number);
const now = new Date('2026-11-26T10:00:00Z');
const content = figuresContent(readDashboardCatalog());
const month = monthIn(now, content.timeZone);
const pages: [string, (app: { db: Db; now: () => Date }) => Promise<unknown>][] = [
  ['/admin/', (app) => overview(app, content)],
  ['/admin/summary/', (app) => monthlySummary(app, content, month)],
  ['/admin/summary/?month=2025-06', (app) => monthlySummary(app, content, '2025-06')],
  ['/admin/ladder/', (app) => ladderView(app, content)],
];
const targets = { PGlite: 1000, PostgreSQL: 300 };
const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;

/** Milliseconds of CPU the database has spent so far. */
type CpuClock = () => number;
const processCpu: CpuClock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** A PostgreSQL backend's CPU time from /proc (Linux; clock ticks of 10 ms). */
const backendCpu = (pid: number): CpuClock => () => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

async function measure(run: () => Promise<unknown>, cpu: CpuClock): Promise<{ time: number; cpu: number }> {
  const [start, startCpu] = [performance.now(), cpu()];
  await run();
  return { time: performance.now() - start, cpu: cpu() - startCpu };
}

/** Each page's first view, then the median of five more. */
async function timePages(engine: keyof typeof targets, db: Db, size: number, cpu: CpuClock): Promise<void> {
  const seeding = await measure(() => seedShop(db, size, now, month), cpu);
  console.log(`\n${engine}, ${size.toLocaleString('en')} responses (seeded in ${(seeding.time / 1000).toFixed(1)} s), load average ${loadavg()[0]!.toFixed(1)}:`);
  const app = { db, now: () => now };
  for (const [page, view] of pages) {
    const first = await measure(() => view(app), cpu);
    const again: { time: number; cpu: number }[] = [];
    for (let i = 0; i < 5; i++) again.push(await measure(() => view(app), cpu));
    const median = again.sort((a, b) => a.time - b.time)[2]!;
    const verdict = Math.max(first.time, median.time) <= targets[engine] ? 'PASS' : 'FAIL';
    console.log(`  ${page.padEnd(30)} first ${ms(first.time)} (cpu ${ms(first.cpu)}), then ${ms(median.time)} (cpu ${ms(median.cpu)}); target ≤ ${targets[engine]} ms: ${verdict}`);
  }
}

for (const size of sizes) {
  const pglite = dbOverPGlite(await PGlite.create());
  await migrate(pglite);
  await timePages('PGlite', pglite, size, processCpu);
  await pglite.close();
}

let url = '';
// The tests' server, started the way their global setup starts it.
const stop = await startPostgres({ provide: (_key: string, value: string) => void (url = value) } as unknown as TestProject);
try {
  for (const size of sizes) {
    const name = `bench_${size}`;
    const admin = new pg.Client(url);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    // One connection, so that its backend's CPU time is the pages' own.
    const pool = new pg.Pool({ connectionString: url.replace(/\/[^/]*$/, `/${name}`), max: 1, idleTimeoutMillis: 0 });
    const db = dbOver(pool, () => pool.end());
    await migrate(db);
    const [backend] = await db.query('SELECT pg_backend_pid() AS pid');
    await timePages('PostgreSQL', db, size, backendCpu(Number(backend!.pid)));
    await db.close();
  }
} finally {
  stop();
}
