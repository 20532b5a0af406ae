import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { pageScripts } from '../../src/build/page-scripts.ts';
import { locales } from '../../src/i18n/locales.ts';

const dist = 'dist';
const read = (path: string) => readFileSync(join(dist, path), 'utf8');

describe.each(locales)('the built survey page /%s/survey/feedback/', (lang) => {
  const path = `${lang}/survey/feedback/index.html`;

  test('holds a form that posts to /api/responses without script', () => {
    const html = read(path);
    expect(html).toContain('<form method="post" action="/api/responses"');
    expect(html).toContain(`<input type="hidden" name="locale" value="${lang}">`);
    expect(html).toContain('<input type="hidden" name="survey" value="feedback">');
    expect(html).toMatch(/<button type="submit">[^<]+<\/button>/);
    // Every answer has a real control a browser posts on its own.
    for (const name of ['overall', 'nps', 'visit', 'liked', 'wrong', 'drink', 'contact.consent', 'contact.email']) {
      expect(html).toMatch(new RegExp(`name="answers\\.${name.replace('.', '\\.')}"`));
    }
  });

  test('its script (the island, Preact and everything they import) is at most 12 KB compressed: no zod in the browser', () => {
    const { files, gzip } = pageScripts(dist, path);
    expect(files.map((file) => file.path)).toContainEqual(expect.stringMatching(/SurveyEnhancer/));
    expect(gzip, files.map((file) => `${file.path} ${file.gzip} B`).join('\n')).toBeLessThanOrEqual(12 * 1024);
  });

  test('first view (HTML and its CSS) is at most 14 KB compressed', () => {
    const html = read(path);
    const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => read(m[1]!.replace(/^\//, '')));
    const size = gzipSync(html + css.join('')).byteLength;
    expect(size).toBeLessThanOrEqual(14 * 1024);
  });
});

describe('the built print pack and short links', () => {
  test.each(locales)('/%s/print/survey/ has a QR code per sheet with the location in its URL', (lang) => {
    const html = read(`${lang}/print/survey/index.html`);
    expect(html).toContain('@page');
    expect(html).toMatch(new RegExp(`data-qr-url="https?://[^"]+/${lang}/survey/feedback/\\?at=counter"`));
    expect(html.match(/<svg role="img"/g)).toHaveLength(4 * 4); // poster A4, poster Letter, the tent's two panels
  });

  test('/s/counter/ leads to the survey with the location, in either language', () => {
    expect(existsSync(join(dist, 's/counter/index.html'))).toBe(true);
    const html = read('s/counter/index.html');
    expect(html).toContain('href="/es/survey/feedback/?at=counter"');
    expect(html).toContain('href="/en/survey/feedback/?at=counter"');
  });
});
