import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { warningsFile } from '../../src/build/warning-log.mjs';
import { locales } from '../../src/i18n/locales.ts';

const dist = 'dist';
const read = (path: string) => readFileSync(join(dist, path), 'utf8');

describe('the build', () => {
  test('printed no warnings (shadowed routes, missing files…), as recorded by src/build/warning-log.mjs', () => {
    expect(JSON.parse(readFileSync(warningsFile, 'utf8'))).toEqual([]);
  });
});

describe('the built site (dist/)', () => {
  test('was built (npm test builds before testing)', () => {
    expect(existsSync(join(dist, 'en/index.html')), 'run `npm run build` first').toBe(true);
  });

  test.each(locales)('/%s/ has lang, hreflang alternates for every language and x-default', (lang) => {
    const html = read(`${lang}/index.html`);
    expect(html).toContain(`<html lang="${lang}">`);
    for (const other of locales) expect(html).toMatch(new RegExp(`<link rel="alternate" hreflang="${other}" href="[^"]*/${other}/"`));
    expect(html).toContain('hreflang="x-default"');
  });

  test('/ sends visitors to their language on Netlify (Language redirect) and without it', () => {
    expect(read('_redirects')).toMatch(/^\/\s+\/es\/\s+302!\s+Language=es$/m);
    expect(read('index.html')).toContain('url=/en/');
  });

  test('holds no demo secret and no data folder', () => {
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|js|json|xml|txt|css)$/.test(f));
    for (const file of files) {
      const text = read(file);
      for (const secret of ['dev-card-secret-change-me', 'dev-session-secret-change-me']) expect(text, file).not.toContain(secret);
    }
    expect(existsSync(join(dist, 'data'))).toBe(false);
  });
});
