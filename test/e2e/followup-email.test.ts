import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { storeResponses } from '../support/surveys.ts';
import { readOutbox } from '../support/temp.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const server = createApp({ DATA_DIR: dataDir, NETLIFY_DB_URL: inject('databaseUrl') });
const browser = useBrowser();
let context: BrowserContext;
let page: Page;
let ana: string;

beforeAll(async () => {
  // Ana answered in Spanish yesterday, unhappy, and left her address: the complaint the owner writes back to.
  ana = (await storeResponses(server.db, readSurveyCatalog('feedback')!.survey, [{
    locale: 'es', location: 'tables', product: 'house-blend', submittedAt: new Date(Date.now() - 86_400_000),
    answers: { overall: 2, quality: 2, nps: 3, visit: 'drink-here', wrong: 'El café llegó frío y nadie nos atendió en veinte minutos.' },
    contact: { name: 'Ana', email: 'ana@followup.example', language: 'es' },
  }]))[0]!;
}, 120_000);
afterAll(() => server.db.close());

// The owner works without script here: the form must not need it.
describe('the follow-up email, written by the owner', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    page = await context.newPage();
    await page.goto(`${baseUrl}/admin/followups/?show=${ana}`);
    await page.fill('#password', 'admin');
    await Promise.all([page.waitForURL(/\/admin\/followups\/\?show=/), page.click('button[type=submit]')]);
  });
  afterAll(() => context.close());

  test('the complaint\'s page offers a draft in Ana\'s language that names what went wrong, beside her answers', async () => {
    const article = page.locator(`#f-${ana}`);
    await expect(article.locator('.compose summary').textContent()).resolves.toBe('Write the follow-up email (in Español)');
    const wrong = article.locator('.wrong');
    await expect(wrong.textContent()).resolves.toContain('El café llegó frío y nadie nos atendió en veinte minutos.');
    await expect(wrong.locator('li').allTextContents()).resolves.toEqual(['Overall, how satisfied are you with your visit?: 2 / 5', 'How was the quality of your coffee or food?: 2 / 5', 'NPS 3', 'Wrote to "What went wrong? We would like to put it right."']);
    expect(await article.getByLabel('Subject').inputValue()).toBe('Su visita a Brasa Coffee Roasters');
    const draft = await article.getByLabel('Message').inputValue();
    expect(draft).toMatch(/^Buenos días, Ana:\n\nGracias por responder a nuestra encuesta sobre Mezcla de la Casa el \d+ de \w+ de \d{4}\.\n\nLamentamos no haber estado a la altura\. Usted nos dijo:\n/);
    expect(draft).toContain('- «El café llegó frío y nadie nos atendió en veinte minutos.»');
    for (const [lang, width] of [['en', 1280], ['en', 390], ['es', 1280], ['es', 390]] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${baseUrl}/admin/followups/?show=${ana}&lang=${lang}`);
      await page.screenshot({ path: join(resultsDir(), `followup-email-${lang}-${width}.png`), fullPage: true });
    }
    await expect(page.locator('.compose summary').textContent()).resolves.toBe('Escribir el correo de seguimiento (en Español)');
    await page.goto(`${baseUrl}/admin/followups/?show=${ana}&lang=en`);
  });

  test('edited and sent: the outbox holds the owner\'s text, the complaint is contacted and shows what was sent', async () => {
    const article = page.locator(`#f-${ana}`);
    await article.getByLabel('Subject').fill('Su visita del lunes');
    const text = 'Buenos días, Ana:\n\nTiene toda la razón, y lo sentimos. El próximo café corre de nuestra cuenta.\n\nUn saludo,\nMarta, de Brasa';
    await article.getByLabel('Message').fill(text);
    await Promise.all([page.waitForURL(/\/admin\/followups\//), article.getByRole('button', { name: 'Send to ana@followup.example' }).click()]);
    const sent = (await readOutbox(dataDir)).filter((mail) => mail.headers.to === 'ana@followup.example');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.subject).toBe('Su visita del lunes');
    expect(sent[0]!.text).toBe(`${text}\n\n--\nRecibe este correo una sola vez porque nos pidió que le contactáramos sobre sus respuestas a nuestra encuesta.`);
    const after = page.locator(`#f-${ana}`);
    await expect(after.locator('.status').first().textContent()).resolves.toBe('Contacted');
    await expect(after.locator('.compose').count()).resolves.toBe(0);
    await expect(after.locator('.sent summary').textContent()).resolves.toMatch(/^Follow-up email sent on /);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(resultsDir(), 'followup-email-sent-en-1280.png'), fullPage: true });
  });
});
