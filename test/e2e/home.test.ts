import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { resultsDir, useBrowser } from './setup/browser.ts';

const baseUrl = inject('baseUrl');
const browser = useBrowser();


describe('the home page in Chromium', () => {
  test.each([
    ['en', 'Give feedback', 'Español'],
    ['es', 'Dar su opinión', 'English'],
  ])('/%s/ renders in its language with a switcher to the other', async (lang, feedback, otherName) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const response = await page.goto(`${baseUrl}/${lang}/`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await page.getByRole('link', { name: feedback }).waitFor();
    const other = lang === 'en' ? 'es' : 'en';
    const switchLink = page.locator(`.languages a[hreflang="${other}"]`);
    expect(await switchLink.getAttribute('href')).toBe(`/${other}/`);
    expect(await switchLink.textContent()).toBe(otherName);
    await page.screenshot({ path: join(resultsDir(), `home-${lang}.png`), fullPage: true });
    await page.close();
  });

  test('/ sends a Spanish-speaking browser to /es/', async () => {
    const context = await browser.newContext({ locale: 'es-ES', extraHTTPHeaders: { 'accept-language': 'es-ES,es;q=0.9' } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/es/');
    await context.close();
  });

  // As dist/_redirects does on Netlify (src/i18n/language-redirects.ts): a 302 from the server, before any page
  // (the chooser page's script would also end up there, so the browser test above cannot tell).
  test.each([
    ['es-ES,es;q=0.9,en;q=0.5', '/es/'],
    ['en-GB,en;q=0.9,es;q=0.5', '/en/'],
    ['fr-FR,fr;q=0.9', '/en/'],
    [null, '/en/'],
  ])('/ with Accept-Language %s answers 302 to %s', async (languages, target) => {
    const response = await fetch(`${baseUrl}/`, { redirect: 'manual', headers: languages ? { 'accept-language': languages } : {} });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!, baseUrl).pathname).toBe(target);
  });
});
