import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { cardCode } from '../../src/loyalty/card.ts';
import { p12Of, walletTestCredentials } from '../support/wallet-certs.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

// The uploads themselves (every way a key can be wrong, and good keys) are tested on the function
// (test/wallet/settings.test.ts); here, what the owner sees when an upload is refused.
const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const browser = useBrowser();
// The same store and secrets as the server.
const server = createApp({ DATA_DIR: dataDir, NETLIFY_DB_URL: inject('databaseUrl') });
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

describe('a refused upload (the .p12 file with a wrong password)', { timeout: 180_000 }, () => {
  const { signer } = walletTestCredentials();
  const p12 = { name: 'pass.p12', mimeType: 'application/x-pkcs12', buffer: Buffer.from(p12Of(signer.cert, signer.key, 'the right one')) };

  test.each([true, false])('JavaScript %s: the problem shows on the settings page, in the dashboard; with script the file stays chosen, without the page says to choose it again', async (javaScriptEnabled) => {
    const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 390, height: 844 }, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/admin/login/?next=/admin/loyalty/wallet/%3Flang%3Des`);
    await page.fill('#password', 'admin');
    await Promise.all([page.waitForURL((url) => url.pathname === '/admin/loyalty/wallet/'), page.click('button[type=submit]')]);
    const form = page.locator('form[data-upload=apple]');
    await form.locator('input[type=file]').setInputFiles(p12);
    await form.locator('input[name=password]').fill('wrong');
    const problems = page.locator('#apple [data-upload-problems]');
    if (javaScriptEnabled) {
      await form.locator('button[type=submit]').click();
      await problems.locator('li').waitFor();
      expect(new URL(page.url()).search).toBe('?lang=es');
      await expect(form.locator('input[type=file]').evaluate((input: HTMLInputElement) => input.files?.[0]?.name)).resolves.toBe('pass.p12');
      await expect(form.locator('input[name=password]').inputValue()).resolves.toBe('wrong');
      await expect(problems.textContent()).resolves.toContain('Su archivo sigue elegido');
    } else {
      await Promise.all([page.waitForURL(/failed=apple/), form.locator('button[type=submit]').click()]);
      await expect(problems.textContent()).resolves.toContain('Vuelva a elegir el archivo .p12 y a escribir su contraseña');
    }
    await expect(problems.locator('li[data-field=password]').textContent()).resolves.toContain('La contraseña no abre este archivo .p12');
    await expect(page.locator('.admin-header nav a[aria-current="page"]').textContent()).resolves.toBe('Tarjetas de fidelidad');
    await expect(form.locator('input[name=password]').getAttribute('aria-invalid')).resolves.toBe('true');
    await problems.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(resultsDir(), 'pages', `admin-wallet-refused-${javaScriptEnabled ? 'script' : 'no-script'}-es-390.png`) });
    await context.close();
  });
});
