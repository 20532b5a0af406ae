import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { dbOver } from '../../src/db/db.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { batchCodes } from '../../src/loyalty/batches.ts';
import { cardCode, verifyCardCode } from '../../src/loyalty/card.ts';
import { listBatches } from '../../src/loyalty/queries.ts';
import { cardPositions, cardSheetHtml, papers, stampColumns } from '../../src/print/card-sheet.ts';
import { startLocalDb } from '../support/local-db.ts';
import { tempDir } from '../support/temp.ts';

const programme = readProgramme();
const codes = Array.from({ length: 13 }, (_, i) => cardCode('s', `CARD${String(i).padStart(4, '0')}`));
const options = { programme, shopName: 'Brasa', siteUrl: 'https://brasa.example', codes, paper: 'a4' as const, lang: 'es' as const, logoSrc: '/logo.svg', heading: 'Lote 1' };

describe('cardPositions()', () => {
  test.each(Object.keys(papers) as (keyof typeof papers)[])('%s: ten cards in 2 columns × 5 rows, butted together and centred on the sheet', (paper) => {
    const { width, height, card } = papers[paper];
    const positions = cardPositions(paper);
    expect(positions).toHaveLength(10);
    expect(positions[1]!.x - positions[0]!.x).toBeCloseTo(card.width);
    expect(positions[2]!.y - positions[0]!.y).toBeCloseTo(card.height);
    expect(positions[0]!.x).toBeCloseTo(width - (positions[1]!.x + card.width));
    expect(positions[0]!.y).toBeCloseTo(height - (positions[9]!.y + card.height));
  });

  test('A4 holds ID-1 cards; Letter follows Avery 8371 (3.5 × 2 in, 0.75 in and 0.5 in margins)', () => {
    expect(papers.a4.card).toEqual({ width: 85.6, height: 54 });
    expect(papers.letter.card).toEqual({ width: 88.9, height: 50.8 });
    expect(cardPositions('letter')[0]).toEqual({ x: 19.05, y: 12.7 });
  });
});

describe('cardSheetHtml()', () => {
  test('puts each card\'s front with its QR and number on one sheet and its back on the next, mirrored', async () => {
    const html = await cardSheetHtml(options);
    expect(html.match(/<section class="sheet"/g)).toHaveLength(4);
    expect(html.match(/<div class="front">/g)).toHaveLength(13);
    expect(html.match(/<div class="back">/g)).toHaveLength(13);
    expect(html.match(/<svg role="img"/g)).toHaveLength(13);
    expect(html).toContain('N.º CARD 0000');
    expect(html).toContain(`<p lang="en"><strong>${programme.name.en}.</strong>`);
    expect(html).toContain(`<p lang="es"><strong>${programme.name.es}.</strong>`);
    expect(html).toContain('@page{size:210mm 297mm;margin:0}');
    const [first, second] = cardPositions('a4');
    const backs = html.split('data-sheet="1b"')[1]!;
    // The first card's back sits where the second card's front is.
    expect(backs.indexOf(`left:${second!.x}mm;top:${second!.y}mm`)).toBeLessThan(backs.indexOf(`left:${first!.x}mm;top:${first!.y}mm`));
  });

  test('stampColumns() lays 8 stamps out as 2 rows of 4, 5 in one row, 15 in 3 rows', () => {
    expect([stampColumns(5), stampColumns(8), stampColumns(10), stampColumns(15)]).toEqual([5, 4, 5, 5]);
  });
});

// Each test starts a Node process: seconds on a busy machine, more than vitest's 5 s default.
describe('npm run cards', { timeout: 60_000 }, () => {
  test('records a batch and writes its sheets as HTML, with codes signed by CARD_SECRET', async () => {
    const dataDir = await tempDir();
    const out = join(dataDir, 'print');
    // npm start's database, as the script finds it (here through NETLIFY_DB_URL, never the worktree's .netlify/db).
    const database = await startLocalDb();
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const env = { ...process.env, DATA_DIR: dataDir, CARD_SECRET: 'script-secret', SITE_URL: 'https://brasa.example', CHROMIUM_PATH: '/nonexistent', NETLIFY_DB_URL: database.url };
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/cards.ts', '--count', '3', '--paper', 'letter', '--out', out], { env });
    expect(stdout).toMatch(/Batch 1 \(\w{8}\): 3 cards for https:\/\/brasa\.example/);
    const [file] = await readdir(out);
    const html = await readFile(join(out, file!), 'utf8');
    expect(html).toContain('@page{size:215.9mm 279.4mm;margin:0}');
    expect(html).toContain('src="data:image/svg+xml;base64,');
    const app = createApp({ DATA_DIR: dataDir, CARD_SECRET: 'script-secret' });
    const batches = await listBatches(dbOver(pool, async () => undefined));
    await pool.end();
    await database.stop();
    expect(batches).toMatchObject([{ number: 1, count: 3 }]);
    // The printed numbers are the batch's cards, whose codes verify with the secret.
    const numbers = [...html.matchAll(/No\. (\w{4}) (\w{4})/g)].map((m) => m[1]! + m[2]!);
    const batchCodesNow = batchCodes(app, batches[0]!);
    expect(numbers).toEqual(batchCodesNow.map((code) => code.slice(0, 8)));
    for (const code of batchCodesNow) expect(verifyCardCode('script-secret', code)).toBe(code.slice(0, 8));
  });

  test('refuses a bad paper with the choices', async () => {
    const run = promisify(execFile)(process.execPath, ['scripts/cards.ts', '--paper', 'a3'], { env: { ...process.env, DATA_DIR: await tempDir() } });
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--paper must be one of: a4, letter') });
  });
});
