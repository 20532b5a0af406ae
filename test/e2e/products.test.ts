import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { productPaths, slugOf } from '../../src/catalog/product-links.ts';
import { productSchema } from '../../src/catalog/products.ts';
import { readCollection } from '../../src/catalog/read.ts';
import { locales } from '../../src/i18n/locales.ts';
import { decodeQrCodes } from '../support/qr.ts';
import { launchBrowser, resultsDir } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const slugs = [...new Set(readCollection('products', productSchema).map((entry) => slugOf(entry.id)))];
const leaflets = locales.flatMap((lang) => slugs.map((slug) => [lang, slug] as const));
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  // astro dev reloads a page once when it first bundles its scripts: take that reload here.
  const page = await browser.newPage();
  for (const path of ['/en/products/house-blend/', '/en/products/house-blend/leaflet/']) await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await page.close();
});
afterAll(async () => {
  await browser?.close();
});

/** The site's public address as the page states it (QR codes hold absolute URLs built from it). */
async function siteOrigin(page: Page): Promise<string> {
  return new URL((await page.getAttribute('meta[property="og:url"]', 'content')) ?? '').origin;
}

/** Loads every lazy image by scrolling through the page, so a full-page screenshot shows them. */
async function scrollThrough(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 500) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
    await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
  });
}

describe('product pages in Chromium', () => {
  test.each([
    ['phone', 390, 844],
    ['desktop', 1280, 900],
  ])('a product page reads well on a %s: title, facts, steps, answers on demand', async (device, width, height) => {
    for (const lang of locales) {
      const page = await browser.newPage({ viewport: { width, height } });
      const response = await page.goto(`${baseUrl}/${lang}/products/pour-over-kit/`, { waitUntil: 'networkidle' });
      expect(response?.status()).toBe(200);
      await expect(page.locator('h1').count()).resolves.toBe(1);
      await expect(page.locator('.steps > li').count()).resolves.toBe(5);
      const firstAnswer = page.locator('.faq details').first();
      expect(await firstAnswer.getAttribute('open')).toBeNull();
      await firstAnswer.locator('summary').click();
      expect(await firstAnswer.getAttribute('open')).toBe('');
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await scrollThrough(page);
      await page.screenshot({ path: join(resultsDir(), `product-${lang}-${device}.png`), fullPage: true });
      await page.close();
    }
  });

  test('the manual prints on A4 with every answer shown and without the site navigation', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/es/products/house-blend/manual/`);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.faq details:not([open])').count()).toBe(0);
    const pdf = await page.pdf({ path: join(resultsDir(), 'manual-es-house-blend.pdf'), preferCSSPageSize: true, printBackground: true });
    const document = await PDFDocument.load(pdf);
    const size = document.getPage(0).getSize();
    expect([Math.round(size.width), Math.round(size.height)]).toEqual([595, 842]);
    await page.close();
  });
});

describe('printable leaflets in Chromium', () => {
  test.each(leaflets)('/%s/products/%s/leaflet/ prints on exactly two A4 landscape pages, full, with QR codes to the page and its survey', async (lang, slug) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const response = await page.goto(`${baseUrl}${productPaths(lang, slug).leaflet}`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    const origin = await siteOrigin(page);
    await page.emulateMedia({ media: 'print' });

    // Each A5 half holds its text without cutting any off.
    const overflowing = await page.$$eval('.panel', (panels) => panels.filter((panel) => panel.scrollHeight > panel.clientHeight + 1).length);
    expect(overflowing).toBe(0);

    const file = join(resultsDir(), `leaflet-${lang}-${slug}.pdf`);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await writeFile(file, pdf);
    const document = await PDFDocument.load(pdf);
    expect(document.getPageCount()).toBe(2);
    for (const sheet of document.getPages()) {
      const { width, height } = sheet.getSize();
      expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
    }

    // Both halves of a sheet are the same leaflet: read the left one, at 120 dpi, as a phone camera would see the paper.
    await promisify(execFile)('pdftoppm', ['-r', '120', '-W', '701', '-H', '992', '-png', file, file.replace(/\.pdf$/, '')]);
    const front = decodeQrCodes(await readFile(file.replace(/\.pdf$/, '-1.png')));
    const back = decodeQrCodes(await readFile(file.replace(/\.pdf$/, '-2.png')));
    expect(front).toEqual([new URL(productPaths(lang, slug).page, origin).href]);
    expect(back).toEqual([new URL(`/${lang}/survey/feedback/?at=leaflet&product=${slug}`, origin).href]);
    await page.close();
  });
});
