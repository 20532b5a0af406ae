import * as pagefind from 'pagefind';

/**
 * The search index for `astro dev` (no dist/): product and guide pages fetched from the running server through their
 * listings, indexed as the build does. Returns Pagefind's files by path.
 * @example const files = await devSearchIndex(['en', 'es'], (path) => fetch(origin + path).then((r) => r.text()))
 */
export async function devSearchIndex(languages: readonly string[], page: (path: string) => Promise<string>): Promise<Map<string, Uint8Array>> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  for (const lang of languages) {
    for (const section of ['products', 'guides']) {
      const listing = await page(`/${lang}/${section}/`);
      const paths = new Set([...listing.matchAll(new RegExp(`href="(/${lang}/${section}/[a-z0-9-]+/)"`, 'g'))].map((match) => match[1]!));
      for (const path of paths) await index.addHTMLFile({ url: path, content: await page(path) });
    }
  }
  const { files } = await index.getFiles();
  await index.deleteIndex();
  return new Map(files.map((file) => [file.path.replace(/^\/+/, ''), file.content]));
}
