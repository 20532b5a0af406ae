import { describe, expect, test } from 'vitest';
import { devSearchIndex } from '../../src/search/dev-index.ts';

const page = (lang: string, title: string, body: string) =>
  `<!doctype html><html lang="${lang}"><head><title>${title}</title></head><body><nav>menu</nav><main data-pagefind-body><h1>${title}</h1><p>${body}</p></main></body></html>`;

const site: Record<string, string> = {
  '/en/products/': '<html lang="en"><body><a href="/en/products/decaf/">Decaf</a></body></html>',
  '/en/guides/': '<html lang="en"><body><a href="/en/guides/storage/">Storage</a></body></html>',
  '/es/products/': '<html lang="es"><body><a href="/es/products/decaf/">Descafeinado</a></body></html>',
  '/es/guides/': '<html lang="es"><body></body></html>',
  '/en/products/decaf/': page('en', 'Swiss Water decaf', 'Decaffeinated with water only.'),
  '/en/guides/storage/': page('en', 'Keeping coffee fresh', 'An airtight tin, away from the fridge.'),
  '/es/products/decaf/': page('es', 'Descafeinado', 'Descafeinado solo con agua.'),
};

describe('devSearchIndex()', () => {
  test('indexes the product and guide pages a dev server renders, one index per language, with the search UI', async () => {
    const requested: string[] = [];
    const files = await devSearchIndex(['en', 'es'], async (path) => {
      requested.push(path);
      return site[path] ?? '';
    });
    expect(requested.toSorted()).toEqual(Object.keys(site).toSorted());
    expect([...files.keys()]).toEqual(expect.arrayContaining(['pagefind-ui.js', 'pagefind-ui.css', 'pagefind.js', 'pagefind-entry.json']));
    const entry = JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString('utf8')) as { languages: Record<string, { page_count: number }> };
    expect(Object.fromEntries(Object.entries(entry.languages).map(([lang, info]) => [lang, info.page_count]))).toEqual({ en: 2, es: 1 });
  }, 60_000);
});
