import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { slugOf } from '../../src/catalog/product-links.ts';
import { guideSchema, productSchema } from '../../src/catalog/products.ts';
import { readCollection } from '../../src/catalog/read.ts';
import { locales } from '../../src/i18n/locales.ts';

const dist = 'dist';
const read = (path: string) => readFileSync(join(dist, path), 'utf8');
const slugs = [...new Set(readCollection('products', productSchema).map((entry) => slugOf(entry.id)))];
const guides = [...new Set(readCollection('guides', guideSchema).map((entry) => slugOf(entry.id)))];
const pages = locales.flatMap((lang) => slugs.map((slug) => [lang, slug] as const));

/** The schema.org @types of a page's JSON-LD blocks (each must parse). */
function jsonLdTypes(html: string): string[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((match) => (JSON.parse(match[1]!) as { '@type': string })['@type']);
}

describe('product pages in the build', () => {
  test.each(pages)('/%s/products/%s/ exists with Product, HowTo and FAQPage JSON-LD and an og:image', (lang, slug) => {
    const html = read(`${lang}/products/${slug}/index.html`);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(jsonLdTypes(html)).toEqual(expect.arrayContaining(['Product', 'HowTo', 'FAQPage']));
    expect(html).toMatch(/<meta property="og:image" content="https?:\/\/[^"]+\.jpg"/);
    expect(html).toContain('data-pagefind-body');
  });

  test.each(pages)('/%s/products/%s/manual/ and …/leaflet/ exist with JSON-LD', (lang, slug) => {
    expect(jsonLdTypes(read(`${lang}/products/${slug}/manual/index.html`))).toContain('HowTo');
    expect(jsonLdTypes(read(`${lang}/products/${slug}/leaflet/index.html`))).toContain('Product');
  });

  test.each(pages)('/%s/products/%s/ links to its manual and to the survey about this product', (lang, slug) => {
    const html = read(`${lang}/products/${slug}/index.html`);
    expect(html).toContain(`href="/${lang}/products/${slug}/manual/"`);
    expect(html).toContain(`href="/${lang}/survey/feedback/?product=${slug}"`);
  });

  test('prices are written the way each language writes them', () => {
    expect(read('en/products/house-blend/index.html')).toContain('€12.00 / 250 g');
    expect(read('es/products/house-blend/index.html')).toMatch(/12,00\s€ \/ 250 g/);
  });

  test('images are resized at build with their size set, and lazy below the first screen', () => {
    const html = read('en/products/house-blend/index.html');
    const images = [...html.matchAll(/<img [^>]*src="\/_astro\/[^>]*>/g)].map((match) => match[0]);
    expect(images.length).toBeGreaterThan(3);
    for (const image of images) expect(image).toMatch(/ width="\d+" height="\d+"/);
    expect(images[0]).toContain('loading="eager"');
    expect(images.slice(1).every((image) => image.includes('loading="lazy"'))).toBe(true);
    expect(images[0]).toMatch(/ srcset="[^"]+ 480w, [^"]+ 800w/);
    expect(images[0]).toContain(' sizes="');
  });
});

describe('guides, print index and search in the build', () => {
  test.each(locales.flatMap((lang) => guides.map((slug) => [lang, slug] as const)))('/%s/guides/%s/ exists with Article JSON-LD', (lang, slug) => {
    expect(jsonLdTypes(read(`${lang}/guides/${slug}/index.html`))).toEqual(['Article']);
  });

  test.each(locales)('/%s/print/ lists every leaflet, every manual and the survey print pack', (lang) => {
    const html = read(`${lang}/print/index.html`);
    for (const slug of slugs) {
      expect(html).toContain(`href="/${lang}/products/${slug}/leaflet/"`);
      expect(html).toContain(`href="/${lang}/products/${slug}/manual/"`);
    }
    expect(html).toContain(`href="/${lang}/print/survey/"`);
  });

  test('Pagefind indexed the products and guides of each language separately', () => {
    const entry = JSON.parse(read('pagefind/pagefind-entry.json')) as { languages: Record<string, { page_count: number }> };
    for (const lang of locales) expect(entry.languages[lang]?.page_count, lang).toBe(slugs.length + guides.length);
    expect(existsSync(join(dist, 'pagefind/pagefind-ui.js'))).toBe(true);
  });
});

describe('the sitemap', () => {
  const sitemap = () => read('sitemap-0.xml');

  test('is announced by the index and lists each product page with hreflang links to both languages', () => {
    expect(read('sitemap-index.xml')).toContain('sitemap-0.xml');
    for (const slug of slugs) {
      for (const lang of locales) expect(sitemap()).toMatch(new RegExp(`<xhtml:link rel="alternate" hreflang="${lang}" href="[^"]*/${lang}/products/${slug}/"`));
    }
  });

  test('lists public pages only: no owner, staff, short-link, card, print, thanks or newsletter status page', () => {
    const paths = [...sitemap().matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => new URL(match[1]!).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/en/', '/es/products/house-blend/', '/en/survey/feedback/']));
    expect(paths.filter((path) => /^\/(admin|staff|s|c)\/|\/print\/|\/thanks\/|\/card\/new\/|check-your-inbox|welcome|unsubscribed/.test(path))).toEqual([]);
  });

  test('robots.txt keeps crawlers out of the private areas', () => {
    for (const path of ['/admin/', '/staff/', '/api/', '/c/']) expect(read('robots.txt')).toContain(`Disallow: ${path}\n`);
  });

  test('is named in robots.txt at the site address', () => {
    expect(read('robots.txt')).toMatch(/^Sitemap: https?:\/\/\S+\/sitemap-index\.xml$/m);
  });

  test('leaves out print sheets and search pages', () => {
    expect(sitemap()).not.toMatch(/\/leaflet\/<|\/print\/<|\/search\/</);
  });
});
