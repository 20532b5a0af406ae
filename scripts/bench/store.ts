import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp, type App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { cardCode, cardIdFromBytes, type CardEvent } from '../../src/domain/card.ts';
import { cardDayDoc, ledgerDoc } from '../../src/services/cards.ts';
import { subscriberDoc, type Subscriber } from '../../src/services/newsletter-store.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { newRecordId } from '../../src/services/records.ts';
import { responseDoc, type SurveyResponse } from '../../src/services/responses.ts';
import { stampCard } from '../../src/services/stamp-card.ts';
import { subscribe } from '../../src/services/subscribe.ts';
import { blobsBackend } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';

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

/** An app on a fresh store holding `size` responses, `size` card events (on size/10 cards) and size/2 subscribers. */
async function benchApp(backend: 'file' | 'blobs', size: number): Promise<App> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vuelve-bench-store-'));
  const app = createApp({ DATA_DIR: dataDir, STORE: 'file', SESSION_SECRET: 'bench', CARD_SECRET: 'bench' });
  if (backend === 'file') {
    // Seeded straight to disk (the layout's own keys): through the store's lock it would take minutes.
    await seed(size, async (key, value) => {
      const path = join(dataDir, 'store', `${key}.json`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, JSON.stringify(value));
    });
    return app;
  }
  const blobs = new MemoryBlobs();
  await seed(size, async (key, value) => void (await blobs.setJSON(key, value)));
  return { ...app, store: createStore(blobsBackend(blobs)) };
}

/** Writes `size` records of each kind, spread over the past year, 64 at a time. */
async function seed(size: number, put: (key: string, value: unknown) => Promise<void>): Promise<void> {
  const year = 365 * 86_400_000;
  const at = (i: number) => new Date(Date.now() - year + Math.floor((i / size) * year));
  const writes: (() => Promise<void>)[] = [];
  for (let i = 0; i < size; i++) {
    const response: SurveyResponse = {
      id: newRecordId(at(i)), survey: 'feedback', locale: 'en', location: 'counter', product: null,
      answers: { overall: 4, nps: 9, liked: ['taste'] }, submittedAt: at(i).toISOString(), complaint: false,
    };
    writes.push(() => put(responseDoc(response.id)!.key, response));
    const event: CardEvent = { card: cardIdFromBytes(Buffer.from(String(i % (size / 10)).padStart(8, '0'))), type: 'stamp', at: at(i).toISOString(), key: `seed-${i}-stamp` };
    writes.push(() => put(cardDayDoc(event).key, event));
    if (i % 2 === 0) {
      const email = `seed-${i}@example.com`;
      const subscriber: Subscriber = { email, status: 'confirmed', locale: 'en', source: 'footer', subscribedAt: at(i).toISOString(), updatedAt: at(i).toISOString() };
      writes.push(() => put(subscriberDoc(email).key, { subscriber }));
    }
  }
  for (let card = 0; card < size / 10; card++) {
    const id = cardIdFromBytes(Buffer.from(String(card).padStart(8, '0')));
    const events = Array.from({ length: 10 }, (_, n): CardEvent => ({ card: id, type: 'stamp', at: at(card + n * (size / 10)).toISOString(), key: `seed-${card + n * (size / 10)}-stamp` }));
    writes.push(() => put(ledgerDoc(id).key, { events }));
  }
  for (let i = 0; i < writes.length; i += 64) await Promise.all(writes.slice(i, i + 64).map((write) => write()));
}

/** The median time of 25 of each write, each to a new record (a new client, card or address). */
async function timeWrites(app: App): Promise<Record<string, number>> {
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
    stamp: await median((i) => stampCard(app, programme, { code: cardCode('bench', cardIdFromBytes(Buffer.from(`Z${run}${i}`.padEnd(8, '0')))), key: `bench-${run}-${i}` })),
    'newsletter sign-up': await median((i) => subscribe(app, { email: `bench-${run}-${i}@example.com`, locale: 'en', source: 'footer', client: `bench-${run}-${i}` })),
  };
}
