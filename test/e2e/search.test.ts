import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from './setup/browser.ts';

// Search runs on the index that `npm run build` writes into dist/, so this test serves the
// built site as a static host would (astro dev has no index), with no network beyond loopback.
const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.webp': 'image/webp', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml' };

function serve(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let browser: Browser;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  if (!existsSync('dist/pagefind/pagefind-entry.json')) throw new Error('dist/ has no search index: run `npm run build` first');
  server = await serve(join(process.cwd(), 'dist'));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('site search in the built site', () => {
  test.each([
    ['en', 'decaf', '/en/products/swiss-water-decaf/'],
    ['es', 'descafeinado', '/es/products/swiss-water-decaf/'],
    ['es', 'nevera', '/es/guides/keeping-coffee-fresh/'],
  ])('/%s/search/?q=%s finds %s, and only pages in that language', async (lang, query, expected) => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/${lang}/search/?q=${encodeURIComponent(query)}`);
    const results = page.locator('.pagefind-ui__result-link');
    await results.first().waitFor();
    const hrefs = await results.evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
    expect(hrefs).toContain(expected);
    expect(hrefs.every((href) => href.startsWith(`/${lang}/`))).toBe(true);
    await page.close();
  });
});
