import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { knownPeople } from '../../src/dashboard/queries.ts';
import { seedDashboard } from '../fixtures/seed-dashboard.ts';
import { readOutbox } from '../support/temp.ts';
import { launchBrowser, resultsDir } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const clockFile = inject('clockFile');
// The server's database: the seed writes to it, and tests recount what the pages show.
const server = createApp({ DATA_DIR: dataDir, NETLIFY_DB_URL: inject('databaseUrl') });
let browser: Browser;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];

// The server's clock: real time plus whatever earlier browser tests added.
const serverNow = () => new Date(Date.now() + Number(readFileSync(clockFile, 'utf8').trim() || 0));
const day = (date: Date) => date.toISOString().slice(0, 10);

// Other browser tests store records on the same server (a stamped card is a known customer): the overview's
// figures are checked as what the seed adds to what was there.
let knownBefore = 0;
let confirmedBefore = 0;

beforeAll(async () => {
  knownBefore = await knownPeople(server.db, new Date(serverNow().getTime() + 86_400_000));
  confirmedBefore = Number((await server.db.query("SELECT count(*)::int AS n FROM subscribers WHERE status = 'confirmed'"))[0]?.n);
  await seedDashboard(dataDir, serverNow(), { db: server.db });
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});
afterAll(async () => {
  await browser?.close();
  await server.db.close();
});

describe('the owner\'s dashboard without a session', () => {
  test.each(['/admin/', '/admin/feedback/', '/admin/followups/', '/admin/privacy/?email=ben%40dashboard.example', '/admin/summary/'])(
    '%s answers 401 with the login form and no data',
    async (path) => {
      const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(401);
      const html = await response.text();
      expect(html).toContain('action="/api/admin/login"');
      // Stored data only: the login form keeps the address asked for (`next`), so the privacy page's query shows in it.
      for (const data of ['ana@dashboard.example', 'NPS', 'Ben', 'stamps']) expect(html).not.toContain(data);
    },
  );

  test.each(['/api/admin/export/responses', '/api/admin/export/subscribers', '/api/admin/privacy?email=ben%40dashboard.example', '/api/followups'])(
    'GET %s answers 401 with an error only',
    async (path) => {
      const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: expect.any(String) });
    },
  );
});

describe('the owner\'s dashboard over seeded data, in Chromium', () => {
  const to = serverNow();
  const from = new Date(to.getTime() - 84 * 86_400_000);
  const feedbackPath = `/admin/feedback/?from=${day(from)}&to=${day(to)}&unit=week`;

  test('signing in from a dashboard link lands on that page', async () => {
    expect((await page.goto(`${baseUrl}${feedbackPath}`))?.status()).toBe(401);
    expect(await page.locator('h1').textContent()).toBe('Sign in to the dashboard');
    await page.fill('#password', 'wrong password');
    await Promise.all([page.waitForURL(/error=wrong/), page.click('button[type=submit]')]);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not right');
    await page.fill('#password', 'admin');
    await Promise.all([page.waitForURL(/\/admin\/feedback\//), page.click('button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe('Customer feedback');
  });

  test('the NPS shown equals the one computed from the stored responses', async () => {
    // The range starts on the Monday of the week holding `from`, as the page shows it; days are the shop's (Madrid).
    const start = new Date(`${day(from)}T00:00:00Z`);
    start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
    const stored = await server.db.query(
      `SELECT answers FROM responses WHERE survey = 'feedback' AND (submitted_at AT TIME ZONE 'Europe/Madrid')::date BETWEEN $1::date AND $2::date`,
      [day(start), day(to)],
    );
    const scores = stored.map((r) => (r.answers as { nps?: unknown }).nps).filter((score): score is number => typeof score === 'number');
    expect(scores.length).toBeGreaterThanOrEqual(30);
    const promoters = scores.filter((score) => score >= 9).length;
    const detractors = scores.filter((score) => score <= 6).length;
    const expected = Math.round(((promoters - detractors) / scores.length) * 100);
    expect(await page.locator('#nps-value').textContent()).toBe(new Intl.NumberFormat('en-GB').format(expected));
    expect(await page.locator('#responses-value').textContent()).toBe(String(stored.length));
    await page.screenshot({ path: join(resultsDir(), 'admin-feedback.png'), fullPage: true });
  });

  test('charts are SVG images with a text summary and a table of the numbers', async () => {
    const chart = page.locator('#chart-nps');
    await expect(chart.locator('svg[role="img"] desc').count()).resolves.toBe(1);
    await chart.locator('summary').click();
    await expect(chart.locator('table tbody tr').count()).resolves.toBeGreaterThanOrEqual(12);
    await expect(page.locator('canvas').count()).resolves.toBe(0);
  });

  test('a free-text answer <script>alert(1)</script> shows as text and never runs', async () => {
    // The days around the seeded answer (58.6 days ago): other browser tests' newer answers stay out of the list.
    const around = (days: number) => day(new Date(serverNow().getTime() - days * 86_400_000));
    await page.goto(`${baseUrl}/admin/feedback/?unit=day&from=${around(61)}&to=${around(56)}`);
    const cell = page.locator('.texts .quote', { hasText: '<script>alert(1)</script>' });
    await expect(cell.count()).resolves.toBe(1);
    expect(await cell.innerHTML()).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(dialogs).toEqual([]);
  });

  test('the responses CSV has a byte-order mark and the =cmd answer neutralised', async () => {
    const response = await page.request.get(`${baseUrl}/api/admin/export/responses`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = await response.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(csv).not.toMatch(/(^|,)"?=cmd/m);
    writeFileSync(join(resultsDir(), 'admin-responses.csv'), bytes);
  });

  test('a complaint gets the follow-up email in the customer\'s language, then is resolved with a note', async () => {
    await page.goto(`${baseUrl}/admin/followups/`);
    const ben = page.locator('article.followup', { hasText: 'ben@dashboard.example' });
    await expect(ben.count()).resolves.toBe(1);
    await expect(ben.locator('.status').first().textContent()).resolves.toBe('Open');
    await ben.getByText('Write the follow-up email (in Español)').click();
    await Promise.all([page.waitForURL(/\/admin\/followups\//), ben.getByRole('button', { name: 'Send to ben@dashboard.example' }).click()]);
    const sent = (await readOutbox(dataDir)).filter((mail) => mail.headers.to?.includes('ben@dashboard.example'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('Buenos días, Ben:');
    await expect(ben.locator('.status').first().textContent()).resolves.toBe('Contacted');
    await expect(ben.textContent()).resolves.toMatch(/First contact after \d+ days?/);
    await ben.locator('select[name=status]').selectOption('resolved');
    await ben.locator('textarea[name=note]').fill('Called Ben, <b>free coffee</b> next visit');
    await Promise.all([page.waitForURL(/\/admin\/followups\//), ben.getByRole('button', { name: 'Save' }).click()]);
    await page.goto(`${baseUrl}/admin/followups/?status=resolved`);
    const resolved = page.locator('article.followup', { hasText: 'ben@dashboard.example' });
    await expect(resolved.locator('.notes').textContent()).resolves.toContain('Called Ben, <b>free coffee</b> next visit');
    await page.screenshot({ path: join(resultsDir(), 'admin-followups.png'), fullPage: true });
    // In Spanish the states agree with "la queja": one is "Resuelta", the tab counts "Resueltas", and "En contacto" fits both.
    await page.goto(`${baseUrl}/admin/followups/?status=resolved&lang=es`);
    await expect(page.locator('article.followup', { hasText: 'ben@dashboard.example' }).locator('.status').textContent()).resolves.toBe('Resuelta');
    await expect(page.locator('.tabs a[aria-current="page"]').textContent()).resolves.toMatch(/^Resueltas \(\d+\)$/);
    await expect(page.locator('select[name=status] option').allTextContents()).resolves.toEqual(expect.arrayContaining(['Abierta', 'En contacto', 'Resuelta']));
    await page.goto(`${baseUrl}/admin/followups/?lang=en`);
  });

  test('loyalty, ladder and newsletter pages show the seeded activity', async () => {
    await page.goto(`${baseUrl}/admin/loyalty/`);
    await expect(page.locator('table.data', { hasText: 'Ana' }).count()).resolves.toBe(1);
    await page.locator('a', { hasText: /^[0-9A-Z]{4} [0-9A-Z]{4}$/ }).first().click();
    await expect(page.locator('#history tbody tr').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(resultsDir(), 'admin-loyalty.png'), fullPage: true });
    await page.goto(`${baseUrl}/admin/ladder/`);
    await expect(page.locator('#rung-promoter .count').textContent()).resolves.not.toBe('0');
    await page.screenshot({ path: join(resultsDir(), 'admin-ladder.png'), fullPage: true });
    await page.goto(`${baseUrl}/admin/newsletter/`);
    await expect(page.locator('#chart-subscribers svg').count()).resolves.toBe(1);
  });

  test('the overview counts the seeded records: eight known customers, two confirmed subscribers', async () => {
    await page.goto(`${baseUrl}/admin/`);
    await expect(page.locator('#overview-known').textContent()).resolves.toBe(String(knownBefore + 8));
    await expect(page.locator('#overview-subscribers').textContent()).resolves.toBe(String(confirmedBefore + 2));
    await page.goto(`${baseUrl}/admin/ladder/`);
    await expect(page.locator('#rung-promoter .count').textContent()).resolves.toBe('1');
  });

  test('the monthly summary prints on one A4 page', async () => {
    await page.goto(`${baseUrl}/admin/summary/`);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    writeFileSync(join(resultsDir(), 'admin-summary.pdf'), pdf);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
  });

  test('the monthly summary fits a 390 px phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    expect((await page.goto(`${baseUrl}/admin/summary/`))?.status()).toBe(200);
    await page.screenshot({ path: join(resultsDir(), 'admin-summary-390.png'), fullPage: true });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize({ width: 1200, height: 900 });
    expect(width).toBeLessThanOrEqual(390);
  });

  test('the dashboard speaks Spanish when the owner picks it, and remembers it', async () => {
    await page.goto(`${baseUrl}/admin/?lang=es`);
    expect(await page.locator('h1').textContent()).toBe('Panel del dueño');
    await page.goto(`${baseUrl}/admin/ladder/`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es');
    await page.screenshot({ path: join(resultsDir(), 'admin-ladder-es.png'), fullPage: true });
    await page.goto(`${baseUrl}/admin/?lang=en`);
  });

  test('privacy: a person\'s data is exported as JSON, then erased and the erasure logged', async () => {
    const exported = await page.request.get(`${baseUrl}/api/admin/privacy?email=Ben%40Dashboard.Example`);
    const data = (await exported.json()) as { email: string; responses: unknown[]; cards: unknown[] };
    expect(data.email).toBe('ben@dashboard.example');
    expect(data.responses).toHaveLength(1);
    expect(data.cards).toHaveLength(1);
    await page.goto(`${baseUrl}/admin/privacy/?email=ben%40dashboard.example`);
    await page.getByLabel(/Yes, erase the data of ben@dashboard.example/).check();
    await Promise.all([page.waitForURL(/erased=1/), page.getByRole('button', { name: 'Erase' }).click()]);
    expect(page.url()).not.toContain('ben');
    await expect(page.locator('#erasures tbody tr').count()).resolves.toBe(1);
    const after = (await (await page.request.get(`${baseUrl}/api/admin/privacy?email=ben%40dashboard.example`)).json()) as { responses: unknown[]; cards: unknown[]; followups: unknown[] };
    expect([after.responses, after.cards, after.followups]).toEqual([[], [], []]);
  });

  test('signing out ends the session', async () => {
    await page.goto(`${baseUrl}/admin/`);
    await Promise.all([page.waitForURL(/\/admin\/login\//), page.getByRole('button', { name: 'Sign out', exact: true }).click()]);
    expect((await page.goto(`${baseUrl}/admin/`))?.status()).toBe(401);
    const response = await page.request.get(`${baseUrl}/api/admin/export/responses`);
    expect(response.status()).toBe(401);
  });
});
