import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { locales } from '../../src/i18n/locales.ts';

const read = (path: string) => readFileSync(join('dist', path), 'utf8');
const issueIds = [...new Set(readIssues().map((issue) => issue.id))].sort().reverse();

describe.each(locales)('the built newsletter in %s', (lang) => {
  test(`dist/${lang}/newsletter/ is the archive with the sign-up form, newest issue first`, () => {
    const html = read(`${lang}/newsletter/index.html`);
    expect(html).toContain('action="/api/subscribe"');
    const positions = issueIds.map((id) => html.indexOf(`href="/${lang}/newsletter/${id}/"`));
    expect(positions.every((at) => at > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  test('each issue has its own page', () => {
    for (const id of issueIds) expect(existsSync(join('dist', lang, 'newsletter', id, 'index.html')), id).toBe(true);
  });

  test(`dist/${lang}/newsletter/rss.xml is an RSS feed of every issue with absolute links`, () => {
    const xml = read(`${lang}/newsletter/rss.xml`);
    expect(xml).toMatch(/^<\?xml[^>]*\?><rss version="2.0"/);
    expect(xml).toContain(`<language>${lang}</language>`);
    for (const id of issueIds) expect(xml).toMatch(new RegExp(`<link>https?://[^<]+/${lang}/newsletter/${id}/</link>`));
    expect(xml).not.toContain('href=&quot;/');
  });

  test('the thank-you pages exist and are not indexed', () => {
    for (const page of ['check-your-inbox', 'welcome', 'unsubscribed']) expect(read(`${lang}/newsletter/${page}/index.html`)).toContain('<meta name="robots" content="noindex">');
  });
});

test('every page footer carries the sign-up form (except where it would repeat)', () => {
  expect(read('en/index.html')).toContain('id="newsletter-signup"');
  expect(read('es/newsletter/2026-11/index.html')).toContain('id="newsletter-signup"');
  expect(read('en/newsletter/welcome/index.html')).not.toContain('id="newsletter-signup"');
});
