import { join } from 'node:path';
import type { BrowserContext, Page, Response as HttpResponse } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { cardCode } from '../../src/loyalty/card.ts';
import { securityHeaders } from '../../src/http/security-headers.ts';
import { logIn } from '../../src/sessions/sessions.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

/*
 * The pages under their Content-Security-Policy in Chromium, as `npm start` serves them: any blocked
 * script, style, image or connection fails the test, and each page's script must still do its job.
 */

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const server = createApp({ DATA_DIR: dataDir, TEST_CLOCK_FILE: inject('clockFile'), NETLIFY_DB_URL: inject('databaseUrl') });
const browser = useBrowser();
const phone = { width: 390, height: 844 };

let violations: string[] = [];
beforeEach(() => {
  violations = [];
});
afterEach(() => {
  expect(violations, 'blocked by the Content-Security-Policy').toEqual([]);
});

/** A browser context that records every CSP violation (the event, and Chromium's console report). */
async function watchedContext(options: Parameters<typeof browser.newContext>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: phone, ...options });
  await context.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(`${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to (load|execute|apply|connect|frame|evaluate|compile)/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return context;
}

/** Signed in as `role` with the server's own secrets (the sign-in pages are other tests'). */
async function signedIn(context: BrowserContext, role: 'admin' | 'staff'): Promise<BrowserContext> {
  const result = await logIn(server, role, '192.0.2.77', server.secret(role === 'admin' ? 'ADMIN_PASSWORD' : 'STAFF_PIN'));
  if (!result.ok) throw new Error(`${role} sign-in failed`);
  const [name = '', value = ''] = result.setCookie.split(';')[0]!.split('=');
  await context.addCookies([{ name, value: decodeURIComponent(value), url: baseUrl, httpOnly: true, secure: true, sameSite: 'Strict' }]);
  return context;
}

/**
 * Opens `path`, checks the document came with every security header, and gives the page a moment to run its scripts
 * (until the network is idle; the content editor's tests wait for the editor itself instead: Decap, loading a 5 MB
 * bundle and its collections from a dev server busy with other tests, once kept the network busy past 120 s).
 */
async function open(page: Page, path: string, waitUntil: 'networkidle' | 'load' = 'networkidle'): Promise<void> {
  const response = await page.goto(`${baseUrl}${path}`, { waitUntil, timeout: 120_000 });
  const headers = response!.headers();
  const pathname = new URL(page.url()).pathname;
  for (const [name, value] of Object.entries(securityHeaders(pathname))) expect(headers[name.toLowerCase()], `${name} on ${pathname}`).toBe(value);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(resultsDir(), `csp-${name}.png`), fullPage: true });

describe('pages under the Content-Security-Policy in Chromium (npm start)', { timeout: 240_000 }, () => {
  test('/ and a short link send the visitor on to their language (the chooser script is a bundled file)', async () => {
    const context = await watchedContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await open(page, '/s/counter/');
    await page.waitForURL(/\/es\/survey\/feedback\/\?at=counter$/);
    await context.close();
  });

  test.each(['en', 'es'])('the survey (/%s/): the island checks answers and shows the conditional question', async (lang) => {
    const context = await watchedContext();
    const page = await context.newPage();
    await open(page, `/${lang}/survey/feedback/?at=counter`);
    await page.waitForSelector('.survey-progress', { timeout: 120_000 });
    const wrong = page.locator('[data-q="wrong"]');
    expect(await wrong.isHidden()).toBe(true);
    await page.locator('input[name="answers.overall"][value="2"]').check();
    await page.locator('input[name="answers.nps"][value="4"]').check();
    expect(await wrong.isVisible()).toBe(true);
    await shot(page, `survey-${lang}`);
    await context.close();
  });

  test('a card page, for the customer and for staff (stamp button)', async () => {
    const code = cardCode(server.secret('CARD_SECRET'), 'E2ECSP01');
    const context = await watchedContext();
    const page = await context.newPage();
    await open(page, `/c/${code}/`);
    await expect(page.locator('.card-qr svg').count()).resolves.toBe(1);
    await shot(page, 'card');
    await signedIn(context, 'staff');
    await open(page, `/c/${code}/`);
    await expect(page.locator('form[action="/api/stamps"] button').count()).resolves.toBeGreaterThan(0);
    await shot(page, 'card-staff');
    await context.close();
  });

  test('a product page and its manual (the print button appears: its script ran)', async () => {
    const context = await watchedContext();
    const page = await context.newPage();
    await open(page, '/en/products/house-blend/');
    await shot(page, 'product');
    await open(page, '/es/products/house-blend/manual/');
    expect(await page.locator('[data-print]').isVisible()).toBe(true);
    await context.close();
  });

  test.each([
    ['en', 'decaf', '/en/products/swiss-water-decaf/'],
    ['es', 'descafeinado', '/es/products/swiss-water-decaf/'],
  ])('search (/%s/search/?q=%s): Pagefind loads its index and finds %s', async (lang, query, expected) => {
    const context = await watchedContext();
    const page = await context.newPage();
    await open(page, `/${lang}/search/?q=${query}`);
    const results = page.locator('.pagefind-ui__result-link');
    await results.first().waitFor({ timeout: 60_000 });
    const hrefs = await results.evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
    expect(hrefs).toContain(expected);
    await shot(page, `search-${lang}`);
    await context.close();
  });

  test('the staff page and the owner’s dashboard pages', async () => {
    const context = await signedIn(await signedIn(await watchedContext({ viewport: { width: 1280, height: 900 } }), 'staff'), 'admin');
    const page = await context.newPage();
    await open(page, '/staff/');
    for (const path of ['/admin/', '/admin/feedback/', '/admin/followups/', '/admin/loyalty/', '/admin/cards/', '/admin/ladder/', '/admin/newsletter/', '/admin/exports/', '/admin/privacy/']) {
      await open(page, path);
      expect(await page.locator('h1').count(), path).toBeGreaterThan(0);
    }
    await open(page, '/admin/summary/');
    expect(await page.locator('[data-print]').isVisible()).toBe(true);
    await shot(page, 'admin-summary');
    await context.close();
  });

  test('the content editor (/admin/content/): Decap starts and lists the collections under its own policy', async () => {
    const context = await signedIn(await watchedContext({ viewport: { width: 1280, height: 900 } }), 'admin');
    const page = await context.newPage();
    await open(page, '/admin/content/', 'load');
    // Under `npm start` Decap saves through the local file API, behind the dashboard's session: no second sign-in.
    await page.locator('a[href*="#/collections/"]').first().waitFor({ timeout: 120_000 });
    await page.locator('a[href*="#/collections/"]').first().click();
    await page.waitForTimeout(1500);
    await shot(page, 'admin-content');
    await context.close();
  });

  test('the content editor\'s scripts (Decap\'s bundle, the editor\'s own modules) come with the security headers too', async () => {
    const context = await signedIn(await watchedContext({ viewport: { width: 1280, height: 900 } }), 'admin');
    const page = await context.newPage();
    const scripts: HttpResponse[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script' && response.url().startsWith(baseUrl)) scripts.push(response);
    });
    await open(page, '/admin/content/', 'load');
    // One sign-in: the dashboard's session opens the editor straight on its collections.
    await page.locator('a[href*="#/collections/"]').first().waitFor({ timeout: 120_000 });
    const paths = scripts.map((response) => new URL(response.url()).pathname);
    expect(paths).toContain('/cms/decap/decap-cms.js');
    expect(paths.some((path) => path.startsWith('/src/cms/client/'))).toBe(true);
    for (const response of scripts) {
      const pathname = new URL(response.url()).pathname;
      const headers = await response.allHeaders();
      for (const [name, value] of Object.entries(securityHeaders(pathname))) expect(headers[name.toLowerCase()], `${name} on ${pathname}`).toBe(value);
    }
    await context.close();
  });
});
