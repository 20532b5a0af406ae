import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { readOutbox } from '../support/temp.ts';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const browser = useBrowser();


/** Emails carry SITE_URL's origin; the test server listens elsewhere. */
const onTestServer = (link: string) => {
  const url = new URL(link);
  return `${baseUrl}${url.pathname}${url.search}`;
};
const linkIn = (text: string, path: string) => new RegExp(`https?://[^\\s]+${path.replace('?', '\\?')}[^\\s)]+`).exec(text)?.[0];

describe('the newsletter in Chromium', () => {
  test('double opt-in with JavaScript off: footer form → check your inbox → confirmation link → welcome page and email → one-click unsubscribe', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/en/`);
    const footer = page.locator('footer .newsletter-signup');
    await footer.getByLabel('Your email address').fill('E2E.Reader@Example.com');
    await footer.getByLabel('Language').selectOption('es');
    await footer.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL('**/es/newsletter/check-your-inbox/');
    expect(await page.locator('h1').textContent()).toBe('Revise su bandeja de entrada');
    await page.screenshot({ path: join(resultsDir(), 'newsletter-check-inbox-es.png'), fullPage: true });

    const confirmation = (await readOutbox(dataDir)).find((m) => m.headers.to === 'e2e.reader@example.com');
    expect(confirmation?.headers.subject).toBe('Confirme su suscripción a Brasa Coffee Roasters');
    const link = linkIn(confirmation!.text, '/api/confirm?token=');
    expect(link).toBeTruthy();
    await page.goto(onTestServer(link!));
    expect(new URL(page.url()).pathname).toBe('/es/newsletter/welcome/');
    expect(await page.locator('h1').textContent()).toBe('¡Bienvenido!');
    await page.screenshot({ path: join(resultsDir(), 'newsletter-welcome-es.png'), fullPage: true });

    const welcome = (await readOutbox(dataDir)).find((m) => m.headers.to === 'e2e.reader@example.com' && m.headers.subject === 'Bienvenido al boletín de Brasa Coffee Roasters');
    expect(welcome).toBeTruthy();
    const unsubscribe = linkIn(welcome!.text, '/api/unsubscribe?token=');
    await page.goto(onTestServer(unsubscribe!));
    expect(await page.locator('h1').textContent()).toBe('Darse de baja del boletín');
    await page.getByRole('button', { name: 'Darme de baja' }).click();
    await page.waitForURL('**/es/newsletter/unsubscribed/');
    expect(await page.locator('h1').textContent()).toBe('Se ha dado de baja');
    await context.close();
  }, 180_000); // four functions, each compiled by astro dev on its first call

  test.each(['en', 'es'])('/%s/newsletter/ lists the issues, links the RSS feed and has one sign-up form', async (lang) => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const response = await page.goto(`${baseUrl}/${lang}/newsletter/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('form[action="/api/subscribe"]').count()).toBe(1);
    expect(await page.locator(`a[href="/${lang}/newsletter/2026-11/"]`).count()).toBe(1);
    expect(await page.locator(`link[type="application/rss+xml"]`).getAttribute('href')).toBe(`/${lang}/newsletter/rss.xml`);
    await page.screenshot({ path: join(resultsDir(), `newsletter-${lang}.png`), fullPage: true });
    await page.goto(`${baseUrl}/${lang}/newsletter/2026-11/`);
    await page.screenshot({ path: join(resultsDir(), `newsletter-issue-${lang}.png`), fullPage: true });
    await page.close();
  });
});
