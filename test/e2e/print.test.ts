import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { readDashboardCatalog } from '../../src/dashboard/catalog.ts';
import { createApp } from '../../src/app.ts';
import { productPaths } from '../../src/catalog/product-links.ts';
import { locales } from '../../src/i18n/locales.ts';
import { logIn } from '../../src/sessions/sessions.ts';
import { decodeQrCodes } from '../support/qr.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const clockFile = inject('clockFile');
const server = createApp({ DATA_DIR: dataDir, TEST_CLOCK_FILE: clockFile, NETLIFY_DB_URL: inject('databaseUrl') });
const catalog = readDashboardCatalog();
const browser = useBrowser();
const shots = join(resultsDir(), 'pages');
mkdirSync(shots, { recursive: true });

/** A browser context signed in as the owner. */
async function ownerContext(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const result = await logIn(server, 'admin', '192.0.2.60', server.secret('ADMIN_PASSWORD'));
  if (!result.ok) throw new Error('owner sign-in failed');
  const [name = '', value = ''] = result.setCookie.split(';')[0]!.split('=');
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name, value: decodeURIComponent(value), url: baseUrl, httpOnly: true, secure: true, sameSite: 'Strict' }]);
  return context;
}

describe('the dashboard\'s Print page', () => {
  test('is in the dashboard menu and lists every printable, in both languages; every link answers 200', { timeout: 180_000 }, async () => {
    const context = await ownerContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/?lang=en`);
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Print' }).click();
    await page.waitForURL(`${baseUrl}/admin/print/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Everything to print');
    await expect(page.locator('nav a[aria-current="page"]').textContent()).resolves.toBe('Print');

    const hrefs = await page.locator('main a').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    const expected = [
      '/admin/cards/',
      '/admin/summary/',
      ...locales.flatMap((lang) => [
        `/${lang}/print/survey/`,
        `/${lang}/print/card/`,
        ...catalog.locations.map((location) => `/${lang}/print/survey/${location.id}/`),
        ...[...catalog.products.keys()].flatMap((slug) => [productPaths(lang, slug).leaflet, productPaths(lang, slug).manual]),
      ]),
    ];
    expect(new Set(hrefs)).toEqual(new Set(expected));
    for (const href of hrefs) expect((await context.request.get(`${baseUrl}${href}`)).status(), href).toBe(200);

    for (const lang of locales) {
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: width < 500 ? 844 : 900 });
        await page.goto(`${baseUrl}/admin/print/?lang=${lang}`);
        await page.screenshot({ path: join(shots, `admin-print-${lang}-${width}.png`), fullPage: true });
      }
    }
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Todo para imprimir');
    await context.close();
  });

  test('the card sheets page is a dashboard page: the dashboard menu, not the shop\'s footer', async () => {
    const context = await ownerContext();
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/cards/?lang=es`);
    await expect(page.locator('.admin-header nav a[aria-current="page"]').textContent()).resolves.toBe('Imprimir');
    await expect(page.locator('.site-footer').count()).resolves.toBe(0);
    await page.screenshot({ path: join(shots, 'admin-cards-es-1280.png'), fullPage: true });
    await context.close();
  });
});

describe('printing while the codes would not work in the shop (no SITE_URL, demo CARD_SECRET)', () => {
  const printPages = [
    ['/en/print/survey/', 'en'],
    ['/es/print/survey/counter/', 'es'],
    ['/es/print/card/', 'es'],
    ['/en/products/house-blend/leaflet/', 'en'],
    ['/admin/print/?lang=en', 'en'],
    ['/admin/cards/?lang=es', 'es'],
  ] as const;

  test.each(printPages)('%s warns on screen, in both languages, and the warning is not printed', async (path, lang) => {
    const context = await ownerContext({ width: 390, height: 844 });
    const page = await context.newPage();
    await page.goto(`${baseUrl}${path}`);
    const warning = page.locator('.print-warning');
    await expect(warning.getAttribute('role')).resolves.toBe('alert');
    await expect(warning.isVisible()).resolves.toBe(true);
    // The address the codes hold, and the warning in the page's language first.
    await expect(warning.textContent()).resolves.toContain(baseUrl);
    await expect(warning.locator('> div').evaluateAll((blocks) => blocks.map((block) => block.getAttribute('lang')))).resolves.toEqual(lang === 'en' ? ['en', 'es'] : ['es', 'en']);
    if (path.startsWith('/admin/')) await expect(warning.textContent()).resolves.toContain('CARD_SECRET');
    await page.emulateMedia({ media: 'print' });
    await expect(warning.isVisible()).resolves.toBe(false);
    await context.close();
  });

  test('a poster\'s QR code opens the survey on the test server\'s own port', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    await page.goto(`${baseUrl}/es/print/survey/counter/`);
    const sheets = page.locator('section.sheet');
    expect(await sheets.count()).toBe(3);
    await page.screenshot({ path: join(shots, 'print-survey-counter-es.png') });
    expect(decodeQrCodes(await sheets.first().screenshot())).toEqual([`${baseUrl}/es/survey/feedback/?at=counter`]);
    await page.close();
  });
});
