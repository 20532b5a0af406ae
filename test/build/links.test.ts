import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { findBrokenLinks, onDemandPrefixes } from './links.ts';

/** Absolute links to the site itself (canonical, hreflang) are checked too: the build's own address. */
function siteOrigins(): string[] {
  return [new URL(process.env.SITE_URL ?? process.env.URL ?? 'http://localhost:4321').origin];
}

describe('links in the built site (dist/)', () => {
  test('every internal link and asset resolves to a file, apart from on-demand routes and functions', () => {
    const broken = findBrokenLinks('dist', { siteOrigins: siteOrigins(), allowed: onDemandPrefixes });
    expect(broken).toEqual([]);
  });
});

describe('findBrokenLinks()', () => {
  test('reports a missing page, a missing srcset image and a missing absolute same-site link, and nothing else', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'en/products'), { recursive: true });
    await mkdir(join(root, '_astro'), { recursive: true });
    await writeFile(join(root, '_astro/a.webp'), '');
    await writeFile(join(root, 'en/products/index.html'), '');
    await writeFile(
      join(root, 'en/index.html'),
      `<a href="/en/products/">ok</a><a href="products/">relative ok</a><a href="/en/gone/">gone</a>
       <img src="/_astro/a.webp" srcset="/_astro/a.webp 400w, /_astro/b.webp 800w">
       <link rel="alternate" href="https://shop.example/es/"><a href="https://other.example/x">external</a>
       <a href="mailto:a@b.c">mail</a><a href="#top">anchor</a><form action="/api/subscribe"></form>
       <!-- <a href="/in-a-comment/"> -->`,
    );
    expect(findBrokenLinks(root, { siteOrigins: ['https://shop.example'], allowed: onDemandPrefixes })).toEqual([
      { file: 'en/index.html', attribute: 'href', target: '/en/gone/' },
      { file: 'en/index.html', attribute: 'srcset', target: '/_astro/b.webp' },
      { file: 'en/index.html', attribute: 'href', target: 'https://shop.example/es/' },
    ]);
  });
});
