import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { cardCode, cardIdFromBytes } from '../../src/domain/card.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { stampCard } from '../../src/services/stamp-card.ts';
import { subscribe } from '../../src/services/subscribe.ts';
import { blobsBackend } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';
import { blobsPut, filePut, seedShop } from './support/seed.ts';

/**
 * The store: the cost of one write (a survey response, a stamp, a sign-up) with
 * 1,000 and 100,000 records of each kind already stored, on the file store and
 * on the in-memory Blobs stand-in. Target: 100k costs at most 1.5× 1k.
 */
export default async function storeBench(): Promise<void> {
  const sizes = [1_000, 100_000];
  const backends = ['file', 'blobs'] as const;
  const rows: Record<string, number[]> = {};
  // A first round unmeasured: the first calls of a process pay for compiling the code.
  await timeWrites(await benchApp('file', 100));
  for (const backend of backends) {
    for (const size of sizes) {
      const app = await benchApp(backend, size);
      for (const [write, time] of Object.entries(await timeWrites(app))) (rows[write] ??= []).push(time);
    }
  }
  console.log('| one write (median of 25) | file, 1k stored | file, 100k | ratio | Blobs stand-in, 1k | 100k | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [write, [f1, f2, b1, b2]] of Object.entries(rows)) {
    const ms = (t: number | undefined) => `${(t ?? 0).toFixed(2)} ms`;
    console.log(`| ${write} | ${ms(f1)} | ${ms(f2)} | ${(f2! / f1!).toFixed(2)}× | ${ms(b1)} | ${ms(b2)} | ${(b2! / b1!).toFixed(2)}× |`);
  }
}

/** An app on a fresh store holding a shop's year with `size` responses (support/seed.ts). */
async function benchApp(backend: 'file' | 'blobs', size: number): Promise<App> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vuelve-bench-store-'));
  const app = createApp({ DATA_DIR: dataDir, STORE: 'file', SESSION_SECRET: 'bench', CARD_SECRET: 'bench' });
  if (backend === 'file') {
    await seedShop(filePut(dataDir), { responses: size, years: 1, now: new Date() });
    return app;
  }
  const blobs = new MemoryBlobs();
  await seedShop(blobsPut(blobs), { responses: size, years: 1, now: new Date() });
  return { ...app, store: createStore(blobsBackend(blobs)) };
}

/** The median time of 25 of each write, each to a new record (a new client, card or address). */
export async function timeWrites(app: App): Promise<Record<string, number>> {
  const catalog = readSurveyCatalog('feedback')!;
  const programme = readProgramme();
  const median = async (task: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const started = performance.now();
      await task(i);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[12]!;
  };
  const run = Math.random().toString(36).slice(2, 8);
  return {
    'survey response': await median((i) =>
      recordResponse(app, catalog, { survey: 'feedback', locale: 'en', at: 'counter', answers: { overall: 4, nps: 9 } }, { client: `bench-${run}-${i}`, started: new Date(Date.now() - 60_000) }),
    ),
    stamp: await median((i) => stampCard(app, programme, { code: cardCode(app.secret('CARD_SECRET'), cardIdFromBytes(Buffer.from(`Z${run}${i}`.padEnd(8, '0')))), key: `bench-${run}-${i}` })),
    'newsletter sign-up': await median((i) => subscribe(app, { email: `bench-${run}-${i}@example.com`, locale: 'en', source: 'footer', client: `bench-${run}-${i}` })),
  };
}
