// `npm run cards -- --count 100 --paper a4 [--lang es] [--out data/print]`: creates a batch of
// loyalty cards in the database (npm start's) and writes its print sheets as HTML, and as PDF when Chromium is installed.
// The cards carry CARD_SECRET's signature: print with the same CARD_SECRET as the live site.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { app } from '../src/app.ts';
import { readProgramme } from '../src/catalog/loyalty.ts';
import { readSite } from '../src/catalog/read.ts';
import { followDevServer } from '../src/http/dev-server.ts';
import { isLocalAddress } from '../src/http/site-url.ts';
import { isLocale } from '../src/i18n/locales.ts';
import { t } from '../src/i18n/strings.ts';
import { issueBatch, MAX_BATCH } from '../src/loyalty/batches.ts';
import { cardSheetHtml, paperNames, type Paper } from '../src/print/card-sheet.ts';
import { useLocalDatabase } from './support/local-db.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10' },
    paper: { type: 'string', default: 'a4' },
    lang: { type: 'string', default: 'en' },
    out: { type: 'string', default: 'data/print' },
  },
});
const count = Number(values.count);
const paper = values.paper as Paper;
const lang = values.lang;
if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH) fail(`--count must be a whole number from 1 to ${MAX_BATCH}`);
if (!paperNames.includes(paper)) fail(`--paper must be one of: ${paperNames.join(', ')}`);
if (!isLocale(lang)) fail('--lang must be en or es');

followDevServer();
const stop = await useLocalDatabase();
const current = app();
const programme = readProgramme();
const { batch, codes } = await issueBatch(current, count);
// The batch is recorded: the rest is files.
await current.db.close();
await stop();
// A file opened from disk cannot load /logo.svg from the site: embed it.
const logo = await readFile(join('public', programme.design.logo));
const html = await cardSheetHtml({
  programme,
  shopName: readSite().name,
  siteUrl: current.config.siteUrl,
  codes,
  paper,
  lang,
  logoSrc: `data:image/svg+xml;base64,${logo.toString('base64')}`,
  heading: t(lang, 'loyalty.print.title', { number: batch.number }),
  demoCardSecret: current.config.demoSecrets.includes('CARD_SECRET'),
});
const outDir = resolve(values.out);
await mkdir(outDir, { recursive: true });
const base = join(outDir, `cards-batch-${batch.number}-${batch.id}-${paper}`);
await writeFile(`${base}.html`, html);
console.log(`Batch ${batch.number} (${batch.id}): ${count} cards for ${current.config.siteUrl}\n  ${base}.html`);
if (isLocalAddress(current.config.siteUrl)) console.warn(`These cards open ${current.config.siteUrl}, not the live site: set SITE_URL to its public address to print cards for the shop.`);
if (current.config.demoSecrets.includes('CARD_SECRET')) console.warn('These cards are signed with the demo CARD_SECRET: the live site will refuse them. Set CARD_SECRET to the live value to print cards for the shop.');

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  const { chromium: browserType } = await import('playwright-core');
  const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({ path: `${base}.pdf`, preferCSSPageSize: true, printBackground: true });
    console.log(`  ${base}.pdf`);
  } finally {
    await browser.close();
  }
} else {
  console.log(`  (no PDF: Chromium not found at ${chromium}; open the HTML in a browser and print it at 100%)`);
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
