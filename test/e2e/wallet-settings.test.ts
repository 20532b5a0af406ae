import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { cardCode } from '../../src/domain/card.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

// The uploads themselves are tested on the function (test/wallet/settings.test.ts): astro dev's Netlify
// emulation hands multipart bodies to functions mangled (read as text, then decoded as base64), so a file
// posted to a function through `astro dev` never arrives as sent.
const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const browser = useBrowser();
// The same store and secrets as the server.
const server = createApp({ DATA_DIR: dataDir, STORE: 'file' });
const code = cardCode(server.secret('CARD_SECRET'), 'WE000001');

describe('the wallet settings page (Spanish, phone, JavaScript off)', { timeout: 180_000 }, () => {
  test('says both wallets are off, with the steps and plain upload forms, and the card page has no wallet button', async () => {
    const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 390, height: 844 }, javaScriptEnabled: false, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/login/?next=/admin/loyalty/wallet/%3Flang%3Des`);
    await page.fill('#password', 'admin');
    await Promise.all([page.waitForURL(/\/admin\/loyalty\/wallet\//), page.click('button[type=submit]')]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ajustes de Wallet');
    await expect(page.locator('#apple').textContent()).resolves.toContain('Sin configurar');
    await expect(page.locator('#google').textContent()).resolves.toContain('Google Pay & Wallet Console');
    await expect(page.locator('form[action="/api/admin/wallet"][enctype="multipart/form-data"] input[type=file]').count()).resolves.toBe(2);
    await page.screenshot({ path: join(resultsDir(), 'admin-wallet-off-es.png'), fullPage: true });

    await page.goto(`${baseUrl}/c/${code}?lang=es`);
    await expect(page.locator('a[href^="/api/wallet/"]').count()).resolves.toBe(0);
    await context.close();
  });
});
