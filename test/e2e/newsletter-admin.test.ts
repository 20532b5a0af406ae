import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { approvalDoc } from '../../src/services/newsletter-approval.ts';
import { getSubscriber, shardFor } from '../../src/services/newsletter-store.ts';
import { suppress } from '../../src/services/suppressions.ts';
import { readOutbox } from '../support/temp.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const browser = useBrowser();
const store = () => createApp({ DATA_DIR: dataDir, STORE: 'file' });
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const app = store();
  const stamp = '2026-10-01T10:00:00.000Z';
  for (const [email, locale] of [['nl-ana@example.com', 'en'], ['nl-ben@example.com', 'en'], ['nl-carmen@example.com', 'es'], ['nl-bounce@example.com', 'es']] as const) {
    await app.store.update(shardFor(email), (d) => void (d.subscribers[email] = { email, status: 'confirmed', locale, source: 'footer', subscribedAt: stamp, confirmedAt: stamp, updatedAt: stamp }));
  }
  await suppress(app, 'nl-bounce@example.com', { reason: 'bounced', detail: 'Permanent: General: mailbox does not exist' });
  // The owner's dashboard with JavaScript off: every action must be a plain form.
  context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
  page = await context.newPage();
  await page.goto(`${baseUrl}/admin/login/?next=/admin/newsletter/%3Fissue%3D2026-11`);
  await page.fill('#password', 'admin');
  await Promise.all([page.waitForURL(/\/admin\/newsletter\//), page.click('button[type=submit]')]);
}, 120_000);

describe('approving and testing an issue from the dashboard, without JavaScript', { timeout: 120_000 }, () => {
  test('shows each language as the email, its subject, size and reach, and that nothing is approved yet', async () => {
    expect(await page.locator('#approval-state').textContent()).toContain('Not approved');
    // Other browser tests share this server's subscribers, so only the wording is checked here (counts: test/services).
    expect((await page.locator('#audience').textContent())?.replace(/\s+/g, ' ')).toMatch(/Today it reaches \d+ subscribers?: in English: \d+ subscribers?; in Spanish: \d+ subscribers?\./);
    const previews = page.locator('iframe.email-preview');
    await expect(previews.count()).resolves.toBe(2);
    await expect(previews.first().getAttribute('srcdoc')).resolves.toContain('<html lang="en">');
    await expect(page.locator('#suppressions').textContent()).resolves.toContain('nl-bounce@example.com');
    await page.screenshot({ path: join(resultsDir(), 'admin-newsletter.png'), fullPage: true });
  });

  test('approve is recorded with who and when; the page says so', async () => {
    await Promise.all([page.waitForURL(/done=approved/), page.click('button[name=action][value=approve]')]);
    expect(await page.locator('[role=status]').textContent()).toContain('Approved');
    expect(await page.locator('#approval-state').textContent()).toContain('You approved it from the dashboard on ');
    expect((await store().store.read(approvalDoc('2026-11'))).approval?.by).toBe('dashboard');
  });

  test('a test goes to the owner in both languages, marked as a test', async () => {
    await Promise.all([page.waitForURL(/done=tested/), page.click('.test-send button')]);
    const tests = (await readOutbox(dataDir)).filter((m) => m.headers.to === 'owner@brasa.example' && /^\[(Test|Prueba)\]/.test(m.headers.subject ?? ''));
    expect(tests.map((m) => m.headers.subject!.split(' ')[0]).sort()).toEqual(['[Prueba]', '[Test]']);
    // The emails as a phone shows them.
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    for (const mail of tests) {
      await phone.setContent(mail.html);
      await phone.screenshot({ path: join(resultsDir(), `newsletter-test-email-${mail.headers.subject!.startsWith('[Test]') ? 'en' : 'es'}.png`), fullPage: true });
    }
    await phone.close();
  });

  test('withdrawing the approval stops the send; the page in Spanish on a phone', async () => {
    const spanish = await context.newPage();
    await spanish.goto(`${baseUrl}/admin/newsletter/?issue=2026-11&lang=es`);
    expect(await spanish.locator('#approval-state').textContent()).toContain('Usted lo aprobó desde el panel el ');
    await spanish.goto(`${baseUrl}/admin/newsletter/?issue=2026-11&lang=en`);
    await spanish.close();
    await Promise.all([page.waitForURL(/done=withdrawn/), page.click('button[name=action][value=withdraw]')]);
    expect((await store().store.read(approvalDoc('2026-11'))).approval).toBeNull();
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/admin/newsletter/?issue=2026-11&lang=es`);
    expect(await phone.locator('#approval-state').textContent()).toContain('Sin aprobar');
    expect((await phone.locator('#audience').textContent())?.replace(/\s+/g, ' ')).toMatch(/Hoy llega a \d+ suscriptor(es)?: en inglés: \d+ suscriptor(es)?; en español: \d+ suscriptor(es)?\./);
    await phone.screenshot({ path: join(resultsDir(), 'admin-newsletter-es-phone.png'), fullPage: true });
    await phone.close();
  });

  test('a CSV of customers uploaded with the form is imported (a file upload reaches the function whole under npm start)', async () => {
    const csv = 'email,name,language,consent_date,consent_source\nimport-lucia@example.com,Lucía Pérez,es,2025-03-14,paper form at the counter\n';
    await page.goto(`${baseUrl}/admin/newsletter/?lang=en`);
    await page.setInputFiles('input[name=file]', { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await Promise.all([page.waitForURL(/\/api\/admin\/newsletter\/import/), page.click('form.import button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe('Import report');
    expect(await page.locator('#import-rows').textContent()).toContain('import-lucia@example.com');
    expect(await getSubscriber(store().store, 'import-lucia@example.com')).toMatchObject({ status: 'confirmed', locale: 'es', name: 'Lucía Pérez' });
  });
});
