import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { locales } from '../../src/i18n/locales.ts';

const read = (path: string) => readFileSync(join('dist', path), 'utf8');

describe.each(locales)('the built digital sign-up /%s/card/new/', (lang) => {
  test('is one plain form that posts to /api/cards/new in its language, with no script at all', () => {
    const html = read(`${lang}/card/new/index.html`);
    const form = /<form method="post" action="\/api\/cards\/new"[^>]*>(.*?)<\/form>/s.exec(html)?.[1] ?? '';
    expect(form).toMatch(new RegExp(`<input type="hidden" name="lang" value="${lang}"`));
    expect(form).toMatch(/name="website" tabindex="-1"/);
    expect(form).toMatch(/<button type="submit"[^>]*>[^<]+<\/button>/);
    expect(html).not.toMatch(/<script/);
  });

  test('its print pack has a poster (A4, Letter) and a table tent whose QR codes hold its address', () => {
    const html = read(`${lang}/print/card/index.html`);
    expect(html.match(/<section class="sheet /g)).toHaveLength(3);
    expect(html.match(new RegExp(`data-qr-url="https?://[^"]+/${lang}/card/new/"`, 'g'))).toHaveLength(4); // the tent has two panels
  });
});
