import { execFileSync, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { cardCode, cardIdFromBytes } from '../../src/domain/card.ts';
import { cardHistory } from '../../src/services/cards.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { redeemReward } from '../../src/services/redeem-reward.ts';
import { listResponses } from '../../src/services/responses.ts';
import { stampCard } from '../../src/services/stamp-card.ts';
import { blobsBackend } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { fileBackend } from '../../src/store/file-backend.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';
import { sendTo } from './newsletter.ts';
import { timeWrites } from './store.ts';
import type { PageTime } from './support/pages.ts';
import { blobsPut, filePut, seedShop } from './support/seed.ts';

/**
 * `npm run bench -- --scale` (issue 11): a shop with 1,000 and with 100,000
 * survey responses over two years (with its complaints, cards, stamps and
 * subscribers), seeded in the store's own format in a temporary folder and in
 * the in-memory Blobs stand-in, then every figure the issue asks for in one
 * table with its target: the cost of one write at 100k against 1k on both
 * stores, every owner's page through the built SSR function, the CSV export's
 * peak memory, the newsletter's per-batch overhead and the concurrency counts.
 */

const SIZES = [1_000, 100_000] as const;
const YEARS = 2;
const env = { STORE: 'file', SESSION_SECRET: 'bench-session-secret', ADMIN_PASSWORD: 'bench-admin-password', CARD_SECRET: 'bench', STAFF_PIN: '123456' };
const PAGES = [
  '/admin/',
  '/admin/summary/',
  '/admin/feedback/',
  '/admin/feedback/?unit=month',
  '/admin/followups/',
  // The to-do tab shows 1 complaint at 1k and a full page at 100k (the seed leaves a week open): a resolved page compares 20 with 20.
  '/admin/followups/?status=resolved&page=3',
  '/admin/loyalty/',
  '/admin/ladder/',
  '/admin/newsletter/',
  '/admin/privacy/?email=customer1%40example.com',
  '/admin/cards/',
  '/admin/exports/',
];

interface Row {
  what: string;
  small: string;
  large: string;
  figure: string;
  target: string;
  pass: boolean;
}

export default async function scaleBench(): Promise<void> {
  const rows: Row[] = [];
  const started = performance.now();
  console.log('building the site (astro build) so that the pages timed are the deployed ones…');
  execFileSync(resolve('node_modules/.bin/astro'), ['build'], { stdio: 'ignore' });
  const ssr = resolve('.netlify/v1/functions/ssr/ssr.mjs');
  const now = new Date();

  const dirs: string[] = [];
  const writes: Record<string, Record<string, number>>[] = [];
  for (const size of SIZES) {
    const dataDir = await mkdtemp(join(tmpdir(), `vuelve-bench-scale-${size}-`));
    const blobs = new MemoryBlobs();
    const t0 = performance.now();
    const seeded = await seedShop(filePut(dataDir), { responses: size, years: YEARS, now });
    await seedShop(blobsPut(blobs), { responses: size, years: YEARS, now });
    console.log(`seeded ${describe(seeded)} twice (file store, Blobs stand-in) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    dirs.push(dataDir);
    const fileApp = createApp({ ...env, DATA_DIR: dataDir });
    // A first round unmeasured: the first calls of a process pay for compiling the code.
    if (size === SIZES[0]) await timeWrites(fileApp);
    writes.push({ file: await timeWrites(fileApp), blobs: await timeWrites({ ...fileApp, store: createStore(blobsBackend(blobs)) }) });
  }
  for (const store of ['file', 'blobs'] as const) {
    for (const write of Object.keys(writes[0]![store]!)) {
      const [small, large] = writes.map((w) => w[store]![write]!);
      rows.push(ratioRow(`write: ${write}, ${store === 'file' ? 'file store' : 'Blobs stand-in'} (median of 25)`, small!, large!, 'ms', 1.5));
    }
  }

  // One shop's pages after the other: timed side by side, the two processes shared the two cores, and
  // millisecond ratios measured that contention (a page read 0.45× in one run and 1.62× in the next).
  const pages: PageTime[][] = [];
  for (const dataDir of dirs) pages.push((await inProcess(ssr, dataDir, PAGES)).times);
  for (const [index, path] of PAGES.entries()) {
    const [small, large] = pages.map((list) => list[index]!);
    const ratio = large!.ms / small!.ms;
    rows.push({
      what: `page ${path} (median of 5 after the first view; first ${ms(large!.firstMs)} at 100k${large!.foldViews ? `, then ${large!.foldViews} more views folding older days, ${ms(large!.foldMs)} in all` : ''})`,
      small: `${ms(small!.ms)}, ${kb(small!.bytes)}`,
      large: `${ms(large!.ms)}, ${kb(large!.bytes)}${large!.status === 200 ? '' : ` (HTTP ${large!.status})`}`,
      figure: `${ratio.toFixed(2)}×`,
      target: '≤ 1 s and ≤ 1.5×',
      pass: large!.status === 200 && small!.status === 200 && large!.ms <= 1000 && ratio <= 1.5,
    });
  }

  const csv = await inProcess(resolve('netlify/functions/admin-export.mts'), dirs[1]!, ['/api/admin/export/responses']);
  const [exported] = csv.times;
  rows.push({
    what: 'responses CSV at 100k: peak memory of the function’s process (body size)',
    small: '',
    large: `${ms(exported!.firstMs)}, ${(exported!.bytes / 1e6).toFixed(1)} MB`,
    figure: `${csv.peakMiB.toFixed(0)} MiB`,
    target: '≤ 150 MiB',
    pass: exported!.status === 200 && csv.peakMiB <= 150,
  });
  // The seeded stores are 1.3 GB at 100k: gone once measured.
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));

  const [tenK, fiftyK] = [await sendTo(10_000), await sendTo(50_000)];
  rows.push(ratioRow('newsletter: overhead per batch, 10k vs 50k subscribers (median)', tenK.overhead, fiftyK.overhead, 'ms', 1.5));
  rows.push({
    what: 'newsletter at 50k: runs, longest run, mailer calls, 429s',
    small: `${tenK.runs} runs, longest ${ms(tenK.longest)}`,
    large: `${fiftyK.runs} runs, longest ${ms(fiftyK.longest)}`,
    figure: `${fiftyK.calls} calls, ${fiftyK.rateLimited} × 429`,
    target: 'each run ≤ 25 s, every address once',
    pass: fiftyK.finished && fiftyK.longest <= 25_000 && fiftyK.perAddress === 1 && tenK.finished && tenK.perAddress === 1,
  });

  for (const store of ['file', 'blobs'] as const) rows.push(...(await concurrency(store)));

  console.log(`\n${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, ${((performance.now() - started) / 1000).toFixed(0)} s in all\n`);
  console.log('| what | 1k responses | 100k responses | figure | target | |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.what} | ${row.small} | ${row.large} | ${row.figure} | ${row.target} | ${row.pass ? 'PASS' : '**FAIL**'} |`);
}

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const describe = (s: Awaited<ReturnType<typeof seedShop>>) =>
  `${s.responses} responses (${s.complaints} complaints), ${s.cards} cards with ${s.stamps} stamps (${s.registrations} registered), ${s.subscribers} subscribers`;

function ratioRow(what: string, small: number, large: number, unit: 'ms', limit: number): Row {
  const ratio = large / small;
  return { what, small: unit === 'ms' ? ms(small) : String(small), large: ms(large), figure: `${ratio.toFixed(2)}×`, target: `≤ ${limit}×`, pass: ratio <= limit };
}

/** Runs a function's module in its own process on a seeded store (support/pages.ts). */
function inProcess(module: string, dataDir: string, paths: string[]): Promise<{ times: PageTime[]; peakMiB: number }> {
  return new Promise((done, fail) => {
    const child = fork(join(import.meta.dirname, 'support/pages.ts'), [module, ...paths], { env: { ...process.env, ...env, DATA_DIR: dataDir }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (message) => done(message as { times: PageTime[]; peakMiB: number }));
    child.once('error', fail);
    child.once('exit', (code) => code && fail(new Error(`${module} exited with ${code}`)));
  });
}

/**
 * Many writers at once on one store, each with its own store instance (as
 * Netlify's instances are): 50 survey responses, 50 stamps on different cards,
 * 10 redemptions of one full card. Lost writes must be 0; the reward is redeemed once.
 */
async function concurrency(kind: 'file' | 'blobs'): Promise<Row[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vuelve-bench-concurrency-'));
  const blobs = new MemoryBlobs();
  const base = createApp({ ...env, DATA_DIR: dataDir });
  const instance = (): App => ({ ...base, store: createStore(kind === 'file' ? fileBackend(join(dataDir, 'store')) : blobsBackend(blobs)) });
  const instances = Array.from({ length: 4 }, instance);
  const on = (i: number) => instances[i % instances.length]!;
  const catalog = readSurveyCatalog('feedback')!;
  const programme = readProgramme();
  const label = kind === 'file' ? 'file store' : 'Blobs stand-in';

  const recorded = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      recordResponse(on(i), catalog, { survey: 'feedback', locale: 'en', at: 'counter', answers: { overall: 4, nps: 9 } }, { client: `writer-${i}`, started: new Date(Date.now() - 60_000) }),
    ),
  );
  const acknowledged = recorded.filter((result) => result.ok).length;
  const stored = (await listResponses(instance())).length;

  const card = (i: number) => cardIdFromBytes(Buffer.from(`C${String(i).padStart(7, '0')}`));
  const stamped = await Promise.all(Array.from({ length: 50 }, (_, i) => stampCard(on(i), programme, { code: cardCode(env.CARD_SECRET, card(i)), key: `stamp-${i}-concurrent` })));
  const stampsAcknowledged = stamped.filter((result) => result.ok).length;
  const stampsStored = (await Promise.all(Array.from({ length: 50 }, async (_, i) => (await cardHistory(instance(), card(i))).length))).reduce((a, b) => a + b, 0);

  // One card made full (a stamp a day, so the daily limit does not stop it), then ten redemptions at once.
  const full = card(999);
  const code = cardCode(env.CARD_SECRET, full);
  for (let day = 0; day < programme.stampsPerReward; day++) {
    await stampCard({ ...on(0), now: () => new Date(Date.now() - (programme.stampsPerReward - day) * 86_400_000) }, programme, { code, key: `fill-${day}-card` });
  }
  const redeemed = (await Promise.all(Array.from({ length: 10 }, (_, i) => redeemReward(on(i), programme, { code, key: `redeem-${i}-once` })))).filter((r) => r.ok).length;
  await rm(dataDir, { recursive: true, force: true });

  return [
    { what: `concurrency, ${label}: 50 survey posts at once on 4 instances`, small: '', large: '', figure: `${acknowledged} acknowledged, ${stored} stored`, target: '0 lost', pass: acknowledged === 50 && stored === 50 },
    { what: `concurrency, ${label}: 50 stamps on 50 cards at once`, small: '', large: '', figure: `${stampsAcknowledged} acknowledged, ${stampsStored} stored`, target: '0 lost', pass: stampsAcknowledged === 50 && stampsStored === 50 },
    { what: `concurrency, ${label}: 10 redemptions of one full card at once`, small: '', large: '', figure: `${redeemed} redeemed`, target: 'exactly 1', pass: redeemed === 1 },
  ];
}
