import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { verifyCardCode } from '../../src/loyalty/card.ts';
import { cardRegistration } from '../../src/loyalty/queries.ts';
import { decodeQrCodes } from '../support/qr.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
// The same database and secrets as the server.
const server = createApp({ DATA_DIR: dataDir, NETLIFY_DB_URL: inject('databaseUrl') });
const { db } = server;
afterAll(() => db.close());
const programme = readProgramme();
const browser = useBrowser();

/** Clicks and waits for the page it leads to (a form post answers 303 to a page). */
async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: button }).click()]);
}

describe('digital sign-up on a phone, JavaScript off', () => {
  test.each([
    ['en', 'Get my card', 'Your card is ready.', 'Show this at the counter', 'Register card', 'Thank you! Your card is registered.'],
    ['es', 'Quiero mi tarjeta', 'Su tarjeta está lista.', 'Enseñe esto en el mostrador', 'Registrar la tarjeta', '¡Gracias! Su tarjeta está registrada.'],
  ] as const)('%s: one tap gives a signed digital card, with its QR code large and a manifest; registering works as on paper cards', { timeout: 300_000 }, async (lang, button, created, show, register, registered) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/${lang}/card/new/`);
    await page.screenshot({ path: join(resultsDir(), `card-new-${lang}.png`), fullPage: true });
    await submit(page, button);

    const url = new URL(page.url());
    const code = url.pathname.replace(/^\/c\//, '');
    const cardId = verifyCardCode(server.secret('CARD_SECRET'), code);
    expect(cardId).not.toBeNull();
    expect(await db.query(`SELECT origin, locale FROM cards WHERE id = $1`, [cardId])).toEqual([{ origin: 'digital', locale: lang }]);
    await expect(page.getByRole('status').textContent()).resolves.toContain(created);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(programme.name[lang]);
    await page.screenshot({ path: join(resultsDir(), `card-digital-${lang}.png`), fullPage: true });

    // The large QR code is what staff scan: it holds the card's own address.
    await expect(page.getByRole('heading', { name: show }).count()).resolves.toBe(1);
    const qr = await page.locator('.card-qr').screenshot();
    // On the test server's own port: the address follows the server.
    expect(decodeQrCodes(qr)).toEqual([`${baseUrl}/c/${code}`]);

    // "Add to home screen" installs this card's page.
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(new URL(manifestHref!, baseUrl).href)).json()) as { start_url: string; scope: string };
    expect(manifest).toMatchObject({ start_url: `/c/${code}?lang=${lang}`, scope: `/c/${code}` });

    const form = page.locator(`form[action="/api/cards/${code}/register"]`);
    await form.getByLabel(lang === 'en' ? 'Name' : 'Nombre').fill('Marta Digital');
    await form.getByLabel(lang === 'en' ? 'Email' : 'Correo electrónico').fill(`marta-${lang}@example.com`);
    await submit(page, register);
    await expect(page.getByRole('status').textContent()).resolves.toBe(registered);
    expect(await cardRegistration(db, cardId!)).toMatchObject({ email: `marta-${lang}@example.com` });
    await context.close();
  });

  test('the print pack has a poster and a table tent whose QR codes open the sign-up', { timeout: 120_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/es/print/card/`);
    const sheets = page.locator('section.sheet');
    expect(await sheets.count()).toBe(3);
    const decoded = decodeQrCodes(await sheets.first().locator('.qr').screenshot());
    expect(decoded).toHaveLength(1);
    expect(decoded[0]).toBe(`${baseUrl}/es/card/new/`);
    await page.close();
  });
});
