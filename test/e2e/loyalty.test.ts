import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardCode } from '../../src/loyalty/card.ts';
import { cardRegistration } from '../../src/loyalty/queries.ts';
import { logIn } from '../../src/sessions/sessions.ts';
import { rowCounts } from '../support/db.ts';
import { decodeQrCodes } from '../support/qr.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const clockFile = inject('clockFile');
// The same database, secrets and clock as the server: its codes and sessions are valid there.
const server = createApp({ DATA_DIR: dataDir, TEST_CLOCK_FILE: clockFile, NETLIFY_DB_URL: inject('databaseUrl') });
const { db } = server;
afterAll(() => db.close());
const programme = readProgramme();
const DAY = 24 * 3_600_000;
const MM_PER_PT = 25.4 / 72;
const browser = useBrowser();


/** Moves the server's clock on by `ms`. */
async function advanceClock(ms: number): Promise<void> {
  const offset = Number((await readFile(clockFile, 'utf8')).trim() || 0);
  await writeFile(clockFile, String(offset + ms));
}

/** A browser context signed in as the owner (the dashboard's own sign-in page is another feature's). */
async function ownerContext(): Promise<BrowserContext> {
  const result = await logIn(server, 'admin', '192.0.2.50', server.secret('ADMIN_PASSWORD'));
  if (!result.ok) throw new Error('owner sign-in failed');
  const [name = '', value = ''] = result.setCookie.split(';')[0]!.split('=');
  const context = await browser.newContext();
  await context.addCookies([{ name, value: decodeURIComponent(value), url: baseUrl, httpOnly: true, secure: true, sameSite: 'Strict' }]);
  return context;
}

/** Clicks and waits for the page it leads to (a form post answers 303 to a page). */
async function follow(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent('load'), target.click()]);
}

const submit = (page: Page, button: string) => follow(page, page.getByRole('button', { name: button }));

describe('the print page in Chromium', () => {
  test('only the owner may open it', async () => {
    const page = await browser.newPage();
    expect((await page.goto(`${baseUrl}/admin/cards/`))?.status()).toBe(401);
    expect((await page.goto(`${baseUrl}/admin/cards/print/?batch=ANYTHING`))?.status()).toBe(401);
    await page.close();
  });

  test.each([
    ['a4', 12, { width: 210, height: 297 }, { width: 85.6, height: 54 }],
    ['letter', 10, { width: 215.9, height: 279.4 }, { width: 88.9, height: 50.8 }],
  ] as const)('%s: %i cards print as fronts and backs at card size, and their QR codes open the card', { timeout: 300_000 }, async (paper, count, sheet, card) => {
    const context = await ownerContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/cards/?lang=en`);
    await page.getByLabel('Number of cards').fill(String(count));
    await page.locator(`input[name="paper"][value="${paper}"]`).check();
    await page.screenshot({ path: join(resultsDir(), `loyalty-admin-cards-${paper}.png`), fullPage: true });
    await submit(page, 'Create the cards and print');
    expect(new URL(page.url()).pathname).toBe('/admin/cards/print/');
    await page.waitForLoadState('networkidle');
    // The test server has no SITE_URL and the demo CARD_SECRET: the sheet says so on screen, never in print.
    await expect(page.locator('.print-warning').textContent()).resolves.toMatch(new RegExp(`${baseUrl}.*CARD_SECRET is not set`));

    // Card size as printed: CSS px are 1/96 in.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.print-warning').isVisible()).resolves.toBe(false);
    const box = (await page.locator('.card').first().boundingBox())!;
    expect(box.width * (25.4 / 96)).toBeCloseTo(card.width, 1);
    expect(box.height * (25.4 / 96)).toBeCloseTo(card.height, 1);

    const pdfPath = join(resultsDir(), `loyalty-cards-${paper}.pdf`);
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    const pdf = await PDFDocument.load(await readFile(pdfPath));
    const sheets = Math.ceil(count / 10);
    expect(pdf.getPageCount()).toBe(sheets * 2);
    for (const pdfPage of pdf.getPages()) {
      expect(pdfPage.getWidth() * MM_PER_PT).toBeCloseTo(sheet.width, 0);
      expect(pdfPage.getHeight() * MM_PER_PT).toBeCloseTo(sheet.height, 0);
    }

    // The first sheet of fronts as a printer would see it: every QR code decodes to a card the site accepts.
    const pngBase = join(resultsDir(), `loyalty-cards-${paper}`);
    execFileSync('pdftoppm', ['-png', '-r', '150', pdfPath, pngBase]);
    const firstPage = await readFile(`${pngBase}-${sheets * 2 >= 10 ? '01' : '1'}.png`);
    const urls = decodeQrCodes(firstPage);
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) {
      const { pathname } = new URL(url);
      // The test server's own port (not 4321): the address follows the server (src/http/dev-server.ts).
      expect(url).toBe(`${baseUrl}${pathname}`);
      expect(pathname).toMatch(/^\/c\/[0-9A-Z]{8}[\w-]{10}$/);
      const visit = await context.newPage();
      const response = await visit.goto(`${baseUrl}${pathname}?lang=en`);
      expect(response?.status()).toBe(200);
      await expect(visit.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(programme.name.en);
      await visit.close();
    }
    await context.close();
  });
});

describe('stamping a card on a staff phone, JavaScript off', () => {
  const code = cardCode(server.secret('CARD_SECRET'), 'E2E00001');

  test('a forged code answers 404 and stores nothing', async () => {
    const before = await rowCounts(db);
    const page = await browser.newPage();
    const forged = `${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`;
    expect((await page.goto(`${baseUrl}/c/${forged}?lang=en`))?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This card code is not valid');
    const api = await page.request.post(`${baseUrl}/api/stamps`, { data: { code: forged, key: 'forged-e2e-1' } });
    expect(api.status()).toBe(401);
    expect(await rowCounts(db)).toEqual(before);
    await page.close();
  });

  test('staff sign in, stamp up to the reward within the limits, redeem, and the customer sees it', { timeout: 600_000 }, async () => {
    const staff = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await staff.newPage();
    await page.goto(`${baseUrl}/c/${code}?lang=en`);
    await expect(page.getByRole('button', { name: 'Add stamp' }).count()).resolves.toBe(0);

    await follow(page, page.getByRole('link', { name: 'Staff: sign in to stamp this card' }));
    await page.screenshot({ path: join(resultsDir(), 'loyalty-staff-sign-in.png'), fullPage: true });
    await page.getByLabel('Staff PIN').fill('0000');
    await submit(page, 'Sign in');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('That PIN is not right');
    await page.getByLabel('Staff PIN').fill(server.secret('STAFF_PIN'));
    await submit(page, 'Sign in');
    expect(new URL(page.url()).pathname).toBe(`/c/${code}`);

    for (let stamp = 1; stamp <= programme.stampsPerReward; stamp++) {
      await submit(page, 'Add stamp');
      await expect(page.getByRole('status').textContent()).resolves.toBe('Stamp added.');
      if (stamp === 1) {
        // A second stamp straight away is refused with the reason.
        await submit(page, 'Add stamp');
        await expect(page.getByRole('alert').textContent()).resolves.toContain(`less than ${programme.limits.minutesBetweenStamps} minutes ago`);
        await page.screenshot({ path: join(resultsDir(), 'loyalty-staff-too-soon.png'), fullPage: true });
      }
      await advanceClock(DAY);
      if (stamp < programme.stampsPerReward) await expect(page.getByRole('button', { name: 'Redeem reward' }).isDisabled()).resolves.toBe(true);
    }
    await page.reload();
    await expect(page.locator('.ready').textContent()).resolves.toContain(programme.reward.en);
    // A full card looks full: every stamp filled next to "a reward is ready", not "0 of 8" and empty circles.
    const total = programme.stampsPerReward;
    await expect(page.locator('#progress').textContent()).resolves.toBe(`${total} of ${total} stamps towards ${programme.reward.en}`);
    await expect(page.locator('.stamps li.filled').count()).resolves.toBe(total);
    await page.screenshot({ path: join(resultsDir(), 'loyalty-staff-reward-ready.png'), fullPage: true });
    await submit(page, 'Redeem reward');
    await expect(page.getByRole('status').textContent()).resolves.toBe('Reward redeemed. Enjoy!');
    await expect(page.getByRole('button', { name: 'Redeem reward' }).isDisabled()).resolves.toBe(true);
    await staff.close();

    const customer = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-ES', extraHTTPHeaders: { 'accept-language': 'es-ES,es;q=0.9' } });
    const view = await customer.newPage();
    expect((await view.goto(`${baseUrl}/c/${code}`))?.status()).toBe(200);
    expect(await view.getAttribute('html', 'lang')).toBe('es');
    await expect(view.locator('#progress').textContent()).resolves.toBe(`0 de ${programme.stampsPerReward} sellos para ${programme.reward.es}`);
    await expect(view.locator('.history li').count()).resolves.toBe(programme.stampsPerReward + 1);
    await expect(view.locator('.history li').first().textContent()).resolves.toContain('Premio canjeado');
    await expect(view.getByRole('button', { name: 'Añadir sello' }).count()).resolves.toBe(0);
    await view.screenshot({ path: join(resultsDir(), 'loyalty-customer-es.png'), fullPage: true });

    // The switch link shows the same card in English.
    await follow(view, view.getByRole('link', { name: 'This page in English' }));
    await expect(view.locator('#progress').textContent()).resolves.toContain('0 of');
    await customer.close();
  });

  test('the customer registers the card', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/c/${code}?lang=es`);
    // Within the registration form: the footer has the newsletter's own email field.
    const form = page.locator('form[action$="/register"]');
    await form.getByLabel('Nombre').fill('Marta Ruiz');
    await form.getByLabel('Correo electrónico').fill('marta@example.com');
    await form.getByLabel('Día').selectOption('3');
    await form.getByLabel('Mes').selectOption('7');
    await form.getByLabel('Envíenme también el boletín mensual').check();
    await page.screenshot({ path: join(resultsDir(), 'loyalty-register-es.png'), fullPage: true });
    await submit(page, 'Registrar la tarjeta');
    await expect(page.getByRole('status').textContent()).resolves.toBe('¡Gracias! Su tarjeta está registrada.');
    expect(await cardRegistration(db, 'E2E00001')).toMatchObject({
      name: 'Marta Ruiz',
      email: 'marta@example.com',
      birthday: { day: 3, month: 7 },
      language: 'es',
      newsletter: true,
    });
    await context.close();
  });
});

describe('the loyalty page counts what is written after it was viewed (the reported bug)', () => {
  test('view /admin/loyalty/, run `npm run demo`, view it again: the demo card and its stamps are counted', { timeout: 300_000 }, async () => {
    const context = await ownerContext();
    const page = await context.newPage();
    const stamps = async () => Number((await page.locator('.figures li', { hasText: 'Stamps' }).locator('.value').textContent())!.replace(/\D/g, ''));
    await page.goto(`${baseUrl}/admin/loyalty/?lang=en`);
    const before = await stamps();
    // As a newcomer runs it beside `npm start`: the script finds the server's database in .netlify/state.json.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NETLIFY_DB_URL'));
    const output = execFileSync(process.execPath, ['scripts/demo.ts'], { env: { ...env, DATA_DIR: dataDir, SITE_URL: baseUrl, TEST_CLOCK_FILE: clockFile }, encoding: 'utf8' });
    const code = /\/c\/([A-Za-z0-9_-]{18})\s/.exec(output)?.[1];
    expect(code).toBeDefined();
    await page.reload();
    // The demo shop's stamps (on a first run) and the ready card's.
    const shop = Number(/(\d+) stamps on \d+ cards/.exec(output)?.[1] ?? 0);
    expect(await stamps()).toBe(before + shop + programme.stampsPerReward);
    await expect(page.getByRole('link', { name: `${code!.slice(0, 4)} ${code!.slice(4, 8)}`, exact: true }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(resultsDir(), 'loyalty-admin-after-demo.png'), fullPage: true });
    await context.close();
  });
});
