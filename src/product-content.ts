import { getImage } from 'astro:assets';
import { getCollection, type CollectionEntry } from 'astro:content';
import { slugOf } from './catalog/product-links.ts';
import { locales, type Locale } from './i18n/locales.ts';

export type ProductEntry = CollectionEntry<'products'>;
export type GuideEntry = CollectionEntry<'guides'>;

/** One language's products in the owner's order. */
export async function getProducts(lang: Locale): Promise<ProductEntry[]> {
  const entries = await getCollection('products', (entry) => entry.id.startsWith(`${lang}/`));
  return entries.sort((a, b) => a.data.order - b.data.order || a.data.name.localeCompare(b.data.name));
}

/** One language's guides, newest first. */
export async function getGuides(lang: Locale): Promise<GuideEntry[]> {
  const entries = await getCollection('guides', (entry) => entry.id.startsWith(`${lang}/`));
  return entries.sort((a, b) => b.data.date.getTime() - a.data.date.getTime());
}

/**
 * The products named by file name in `slugs` (a product's `related`, a guide's `products`).
 * A name that matches no product stops the build and says which file to fix.
 */
export function pickProducts(all: ProductEntry[], slugs: string[], file: string): ProductEntry[] {
  return slugs.map((slug) => {
    const found = all.find((entry) => slugOf(entry.id) === slug);
    if (!found) throw new Error(`${file} names the product "${slug}", which does not exist: use a file name from content/products/`);
    return found;
  });
}

/** An absolute URL of a 1200 px JPEG of `src`: for Open Graph and JSON-LD, which need one plain image. */
export async function shareImage(src: ImageMetadata, site: URL | undefined): Promise<string> {
  const image = await getImage({ src, width: 1200, format: 'jpg' });
  return new URL(image.src, site).href;
}

/** Static paths for a page per product and language; props: the product and its language's whole list. */
export async function productStaticPaths(): Promise<{ params: { lang: Locale; slug: string }; props: { product: ProductEntry; all: ProductEntry[] } }[]> {
  const perLang = await Promise.all(locales.map(async (lang) => ({ lang, all: await getProducts(lang) })));
  return perLang.flatMap(({ lang, all }) => all.map((product) => ({ params: { lang, slug: slugOf(product.id) }, props: { product, all } })));
}
