import { locales, type Locale } from '../i18n/locales.ts';
import { productSchema } from './products.ts';
import { readCollection, readLocations, readSite } from './read.ts';
import type { Location, Site } from './site.ts';
import { surveySchema, type Survey } from './survey.ts';

/** What recording and following up a survey needs from the shop's content. */
export interface SurveyCatalog {
  id: string;
  survey: Survey;
  site: Site;
  /** By location id (`counter`), in print order. */
  locations: { id: string; data: Location }[];
  /** By product slug (`house-blend`): its name in each language. */
  products: Map<string, Record<Locale, string>>;
}

/** The survey `id` with the shop's locations and product names; undefined when there is no such survey. */
export function readSurveyCatalog(id: string): SurveyCatalog | undefined {
  const entry = readCollection('surveys', surveySchema).find((candidate) => candidate.id === id);
  if (!entry) return undefined;
  return { id, survey: entry.data, site: readSite(), locations: readLocations(), products: readProductNames() };
}

/** Every product's name by slug (`house-blend` → { en: 'House Blend', es: 'Mezcla de la casa' }). */
export function readProductNames(): Map<string, Record<Locale, string>> {
  const products = new Map<string, Record<Locale, string>>();
  for (const product of readCollection('products', productSchema)) {
    const [locale, slug] = product.id.split('/') as [Locale, string];
    if (!slug || !locales.includes(locale)) continue;
    const names = products.get(slug) ?? ({} as Record<Locale, string>);
    names[locale] = product.data.name;
    products.set(slug, names);
  }
  return products;
}
