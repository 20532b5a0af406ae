import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeEach, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { findResponse, responsesToExport, type StoredResponse } from '../../src/surveys/queries.ts';
import { decodeQrCodes } from '../support/qr.ts';
import { readOutbox } from '../support/temp.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const clockFile = inject('clockFile');
const browser = useBrowser();

const server = createApp({ DATA_DIR: dataDir, NETLIFY_DB_URL: inject('databaseUrl') });
afterAll(() => server.db.close());

/** Every response the server stored, oldest first, read from its database as the exports read it. */
const storedResponses = async () => {
  const all: StoredResponse[] = [];
  for await (const response of responsesToExport(server.db, { tz: 'Europe/Madrid' })) all.push(response);
  return all;
};

/** The response the thanks page names (`?r=`), as the server stored it: other browser tests store responses too. */
const thanked = async (page: Page) => findResponse(server.db, new URL(page.url()).searchParams.get('r')!);

/** The server's clock moves a minute on, past the minimum fill time (a test fills a form faster than anyone). */
const aMinuteLater = () => writeFileSync(clockFile, '60000');

// Other browser tests move the server's clock (stamp limits): each survey test starts on the real time.
beforeEach(() => writeFileSync(clockFile, '0'));
afterEach(() => writeFileSync(clockFile, '0'));

async function answer(page: Page, picks: Record<string, string>) {
  for (const [name, value] of Object.entries(picks)) {
    await page.locator(`input[name="answers.${name}"][value="${value}"]`).check();
  }
}

// Generous: the first page with the island waits for the dev server to bundle it, on a busy machine.
describe('the survey page in Chromium', { timeout: 180_000 }, () => {
  test('with JavaScript off, a plain form post stores the response (location from the printed code) and shows the thanks page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const before = (await storedResponses()).length;
    await page.goto(`${baseUrl}/es/survey/feedback/?at=tables&product=house-blend`);
    await answer(page, { overall: '5', nps: '10', visit: 'drink-here', liked: 'taste' });
    await page.getByLabel('¿Qué café o producto tomó?').fill('Cortado');
    await page.screenshot({ path: join(resultsDir(), 'survey-nojs-es.png'), fullPage: true });
    aMinuteLater();
    await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
    await page.waitForURL(/\/es\/survey\/feedback\/thanks\/\?r=/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('¡Muchas gracias!');
    // A promoter is invited to leave a public review.
    await expect(page.getByRole('link', { name: 'Dejar una reseña pública' }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(resultsDir(), 'survey-thanks-es.png'), fullPage: true });
    expect(await storedResponses()).toHaveLength(before + 1);
    expect(await thanked(page)).toMatchObject({ locale: 'es', location: 'tables', product: 'house-blend', answers: { overall: 5, nps: 10, visit: 'drink-here', liked: ['taste'], drink: 'Cortado' } });
    await context.close();
  });

  test('with JavaScript off, a post with a mistake comes back with what to fix and the answers kept', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/en/survey/feedback/`);
    await answer(page, { nps: '3' });
    await page.locator('textarea[name="answers.wrong"]').fill('The milk was cold');
    aMinuteLater();
    // Native validation would stop the post at the empty required rating: skip it, as old browsers do.
    await page.locator('form.survey').evaluate((form) => form.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Please answer this question.');
    expect(await page.locator('input[name="answers.nps"][value="3"]').isChecked()).toBe(true);
    expect(await page.locator('textarea[name="answers.wrong"]').inputValue()).toBe('The milk was cold');
    await page.screenshot({ path: join(resultsDir(), 'survey-fix-en.png'), fullPage: true });
    await context.close();
  });

  test('with JavaScript on: inline errors, a conditional question, progress, and a complaint stored with an owner email', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const before = (await storedResponses()).length;
    // The first page with the island may wait for the dev server to bundle it.
    await page.goto(`${baseUrl}/en/survey/feedback/?at=counter`, { timeout: 120_000 });
    await page.waitForSelector('.survey-progress', { timeout: 120_000 });
    const wrong = page.locator('[data-q="wrong"]');
    expect(await wrong.isHidden()).toBe(true);
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await expect(page.locator('[data-error-for="answers.overall"]').textContent()).resolves.toBe('Please answer this question.');
    expect(await storedResponses()).toHaveLength(before);
    await answer(page, { overall: '2', nps: '4' });
    expect(await wrong.isVisible()).toBe(true);
    await expect(page.locator('[data-error-for="answers.overall"]').isHidden()).resolves.toBe(true);
    await wrong.locator('textarea').fill('Waited twenty minutes for a flat white');
    await page.locator('input[name="answers.contact.consent"]').check();
    await page.locator('input[name="answers.contact.email"]').fill('ana@example.com');
    await expect(page.locator('.survey-progress span').textContent()).resolves.toBe('3 of 7 answered');
    await page.screenshot({ path: join(resultsDir(), 'survey-js-en.png'), fullPage: true });
    aMinuteLater();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.waitForURL(/\/en\/survey\/feedback\/thanks\/\?r=/);
    await expect(page.locator('main').textContent()).resolves.toContain('we will get in touch with you soon');
    expect(await thanked(page)).toMatchObject({ location: 'counter', complaint: true, answers: { overall: 2, nps: 4, wrong: 'Waited twenty minutes for a flat white' }, contact: { email: 'ana@example.com', language: 'en' } });
    const alert = (await readOutbox(dataDir)).find((email) => email.text.includes('Waited twenty minutes'));
    expect(alert?.headers.subject).toBe('Complaint: NPS 4 at Counter (How did we do?)');
    await page.close();
  });

  test('with JavaScript on, answers sent while offline are kept and arrive once the connection is back', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const before = (await storedResponses()).length;
    await page.goto(`${baseUrl}/en/survey/feedback/?at=receipt`, { timeout: 120_000 });
    await page.waitForSelector('.survey-progress', { timeout: 120_000 });
    await answer(page, { overall: '4', nps: '8' });
    aMinuteLater();
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Send my answers' }).click();
    // "Sending…" first, then, once the post fails, the answers are kept.
    await page.getByRole('status').filter({ hasText: 'Your answers are kept on this phone' }).waitFor();
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('vuelve:survey-queue') ?? '[]').length)).toBe(1);
    expect(await storedResponses()).toHaveLength(before);
    await context.setOffline(false);
    await page.waitForURL(/\/thanks\/\?r=/);
    expect(await storedResponses()).toHaveLength(before + 1);
    expect(await thanked(page)).toMatchObject({ location: 'receipt', answers: { overall: 4, nps: 8 } });
    await context.close();
  });
});

describe('the progress bar on a phone', () => {
  const overlap = (a: { y: number; height: number }, b: { y: number; height: number }) => a.y < b.y + b.height && b.y < a.y + a.height;

  test.each(['en', 'es'])('/%s/: it never covers the consent box, scrolled to from below or reached with the keyboard', async (lang) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${baseUrl}/${lang}/survey/feedback/`);
    await page.waitForSelector('.survey-progress');
    await answer(page, { overall: '2', nps: '3' });
    const bar = page.locator('.survey-status');
    const consent = page.locator('label.consent');
    // A finger scrolls until the box just shows at the bottom of the screen…
    await consent.evaluate((label) => window.scrollBy(0, label.getBoundingClientRect().bottom - window.innerHeight + 2));
    expect(overlap((await bar.boundingBox())!, (await consent.boundingBox())!)).toBe(false);
    // …or the keyboard reaches it and the browser scrolls it into view (from the bottom of the page, upwards).
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.locator('input[name="answers.contact.consent"]').focus();
    expect(overlap((await bar.boundingBox())!, (await consent.boundingBox())!)).toBe(false);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(overlap((await bar.boundingBox())!, (await page.locator('input[name="answers.contact.name"]').boundingBox())!)).toBe(false);
    await page.screenshot({ path: join(resultsDir(), 'pages', `survey-consent-${lang}-390.png`) });
    await page.close();
  });
});

describe('accessibility', { timeout: 180_000 }, () => {
  async function axeViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
      const result = await axe.run({ include: [['main']] });
      return result.violations.map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
    });
  }

  test.each(['en', 'es'])('the /%s/ survey form has no axe violations, as served (no script) and enhanced', async (lang) => {
    // axe is injected as a script of its own, which the page's CSP would refuse (test/e2e/security-headers.test.ts checks the CSP).
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    // As served: the HTML on a blank page, where the island's modules cannot load.
    await page.setContent(await (await fetch(`${baseUrl}/${lang}/survey/feedback/`)).text());
    expect(await axeViolations(page), 'as served').toEqual([]);
    await page.goto(`${baseUrl}/${lang}/survey/feedback/`);
    await page.waitForSelector('.survey-progress');
    await page.locator('input[name="answers.nps"][value="3"]').check();
    await page.getByRole('button', { name: lang === 'en' ? 'Send my answers' : 'Enviar mis respuestas' }).click();
    expect(await axeViolations(page), 'enhanced, with errors shown').toEqual([]);
    await page.close();
  });
});

describe('the print pack', () => {
  test('every sheet QR code decodes to the survey URL with its location', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    await page.goto(`${baseUrl}/en/print/survey/`);
    const sheets = page.locator('section.sheet');
    expect(await sheets.count()).toBe(4 * 3);
    const first = sheets.first();
    const decoded = decodeQrCodes(await first.screenshot());
    expect(decoded.map((url) => new URL(url)).map((url) => url.pathname + url.search)).toEqual(['/en/survey/feedback/?at=counter']);
    const tent = page.locator('section.sheet.tent').nth(1);
    const tentCodes = decodeQrCodes(await tent.screenshot()).map((url) => new URL(url).search);
    expect(tentCodes).toContain('?at=tables');
    await page.close();
  });

  test('prints one page per sheet on A4 and Letter paper', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/es/print/survey/`);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const dir = mkdtempSync(join(tmpdir(), 'vuelve-print-'));
    writeFileSync(join(dir, 'pack.pdf'), pdf);
    writeFileSync(join(resultsDir(), 'print-survey-es.pdf'), pdf);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '3', join(dir, 'pack.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+12/);
    // A4 is 595 × 842 points, US Letter 612 × 792.
    expect(info).toMatch(/Page\s+1 size:.*\(A4\)/);
    expect(info).toMatch(/Page\s+2 size:.*\(letter\)/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', join(dir, 'pack.pdf'), join(resultsDir(), 'print-survey-es')]);
    await page.close();
  });
});
