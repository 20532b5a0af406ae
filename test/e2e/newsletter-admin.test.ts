import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { approvalOf, subscriberOf } from '../../src/newsletter/queries.ts';
import { suppress } from '../support/newsletter.ts';
import { readOutbox } from '../support/temp.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const browser = useBrowser();
// The test server's own database, to seed and to check what it stored.
const { db } = createApp({ DATA_DIR: dataDir, NETLIFY_DB_URL: inject('databaseUrl') });
afterAll(() => db.close());
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const at = '2026-10-01T10:00:00Z';
  for (const [email, locale] of [['nl-ana@example.com', 'en'], ['nl-ben@example.com', 'en'], ['nl-carmen@example.com', 'es'], ['nl-bounce@example.com', 'es']] as const) {
    await db.query(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, updated_at) VALUES ($1, 'confirmed', $2, 'footer', $3, $3, $3)`, [email, locale, at]);
  }
  await suppress(db, 'nl-bounce@example.com', 'bounced', new Date(), { detail: 'Permanent: General: mailbox does not exist' });
  // The owner's dashboard with JavaScript off: every action must be a plain form.
  context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  page = await context.newPage();
  await page.goto(`${baseUrl}/admin/login/?next=/admin/newsletter/%3Fissue%3D2026-10`);
  await page.fill('#password', 'admin');
  await Promise.all([page.waitForURL(/\/admin\/newsletter\//), page.click('button[type=submit]')]);
}, 120_000);

/** The page as the owner sees it, on a phone and on a desktop, in both languages (in a context of its own: the language is a cookie). */
async function screenshots(name: string, path: string): Promise<void> {
  const shots = await browser.newContext({ storageState: await context.storageState(), javaScriptEnabled: false });
  for (const lang of ['en', 'es']) {
    for (const width of [390, 1280]) {
      const shot = await shots.newPage();
      await shot.setViewportSize({ width, height: 900 });
      await shot.goto(`${baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      await shot.screenshot({ path: join(resultsDir(), `${name}-${lang}-${width}.png`), fullPage: true });
      await shot.close();
    }
  }
  await shots.close();
}

describe("approving, testing and sending a past month's issue from the dashboard, without JavaScript", { timeout: 120_000 }, () => {
  test('shows each language as the email, its reach, that nothing is approved yet and that its scheduled days have passed', async () => {
    expect(await page.locator('#approval-state').textContent()).toBe('Not approved: nothing is sent until you approve it. Its days in the scheduled send have passed: once approved, it goes out only when you press “Send now”.');
    // Other browser tests share this server's subscribers, so only the wording is checked here (counts: test/newsletter).
    expect((await page.locator('#audience').textContent())?.replace(/\s+/g, ' ')).toMatch(/Today it reaches \d+ subscribers?: in English: \d+ subscribers?; in Spanish: \d+ subscribers?\./);
    await expect(page.locator('iframe.email-preview').count()).resolves.toBe(2);
    await expect(page.locator('iframe.email-preview').first().getAttribute('srcdoc')).resolves.toContain('<html lang="en">');
    await expect(page.locator('#suppressions').textContent()).resolves.toContain('nl-bounce@example.com');
    expect(await page.locator('button[value=send]').count()).toBe(0);
  });

  test('approving says who approved it in words, and that only "Send now" will send it', async () => {
    await Promise.all([page.waitForURL(/done=approved/), page.click('button[name=action][value=approve]')]);
    expect(await page.locator('[role=status]').textContent()).toBe("Approved. The scheduled send will not send it: it takes only the current month's issue, on the 1st to the 7th. It goes out when you press “Send now”.");
    expect(await page.locator('#approval-state').textContent()).toMatch(/^You approved it from the dashboard on /);
    expect((await approvalOf(db, '2026-10'))?.approved_by).toBe('dashboard');
    await screenshots('admin-newsletter-approved', '/admin/newsletter/?issue=2026-10&done=approved');
  });

  test('a test goes to the owner in both languages, marked as a test', async () => {
    await Promise.all([page.waitForURL(/done=tested/), page.click('.test-send button')]);
    const tests = (await readOutbox(dataDir)).filter((m) => m.headers.to === 'owner@brasa.example' && /^\[(Test|Prueba)\]/.test(m.headers.subject ?? ''));
    expect(tests.map((m) => m.headers.subject!.split(' ')[0]).sort()).toEqual(['[Prueba]', '[Test]']);
  });

  test('"Send now" sends it to everyone it reaches, once, and the page says so', async () => {
    await Promise.all([page.waitForURL(/done=sent-now/), page.click('button[name=action][value=send]')]);
    expect(await page.locator('[role=status]').textContent()).toMatch(/^Sent: the issue went out to \d+ subscribers?\.$/);
    expect(await page.locator('#approval-state').textContent()).toMatch(/^Sent: finished on /);
    const october = (await readOutbox(dataDir)).filter((m) => m.headers['list-unsubscribe'] && m.headers.to?.startsWith('nl-'));
    expect(october.map((m) => m.headers.to).sort()).toEqual(['nl-ana@example.com', 'nl-ben@example.com', 'nl-carmen@example.com']);
    await screenshots('admin-newsletter-sent', '/admin/newsletter/?issue=2026-10&done=sent-now');
  });

  test('a CSV of customers uploaded with the form is imported (a file upload reaches the function whole under npm start)', async () => {
    const csv = 'email,name,language,consent_date,consent_source\nimport-lucia@example.com,Lucía Pérez,es,2025-03-14,paper form at the counter\n';
    await page.goto(`${baseUrl}/admin/newsletter/?lang=en`);
    await page.setInputFiles('input[name=file]', { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await Promise.all([page.waitForURL(/\/api\/admin\/newsletter\/import/), page.click('form.import button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe('Import report');
    expect(await page.locator('#import-rows').textContent()).toContain('import-lucia@example.com');
    expect(await subscriberOf(db, 'import-lucia@example.com')).toMatchObject({ status: 'confirmed', locale: 'es', name: 'Lucía Pérez' });
  });
});
