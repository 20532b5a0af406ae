import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createApp } from '../../src/app.ts';
import { dbOverPGlite } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardSheetHtml } from '../../src/print/card-sheet.ts';
import { issueBatch } from '../../src/loyalty/batches.ts';

/** 1,000 loyalty cards: a batch recorded, its codes signed, and the print sheets rendered (target: under 2 s). */
export default async function cardsBench(): Promise<void> {
  const db = dbOverPGlite(await PGlite.create());
  await migrate(db);
  const app = createApp({ DATA_DIR: await mkdtemp(join(tmpdir(), 'vuelve-bench-')), CARD_SECRET: 'bench-secret' }, { db });
  const programme = readProgramme();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const { codes } = await issueBatch(app, 1000);
  const signed = performance.now();
  const html = await cardSheetHtml({ programme, shopName: 'Bench', siteUrl: 'https://shop.example', codes, paper: 'a4', lang: 'en', logoSrc: '/logo.svg', heading: 'Bench' });
  const done = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  // CPU time too: on a shared machine the wall clock mostly measures the neighbours.
  console.log(
    `1,000 cards: ${(done - started).toFixed(0)} ms (target < 2,000 ms), ${((user + system) / 1000).toFixed(0)} ms of CPU: ` +
      `batch + codes ${(signed - started).toFixed(0)} ms, sheets ${(done - signed).toFixed(0)} ms (${(html.length / 1e6).toFixed(1)} MB of HTML, 200 pages)`,
  );
  await db.close();
}
