import { readCollection, type Entry } from './content.ts';
import { locationSchema, siteSchema, type Location, type Site } from './site.ts';

export { readCollection, type Entry } from './content.ts';

/**
 * Readers of the shop's content for functions, on-demand pages and scripts: all read the
 * content compiled at build (src/catalog/content.ts), checked by the same schemas as
 * Astro's content layer, so they can never disagree.
 */

export function readSite(): Site {
  const [entry] = readCollection('site', siteSchema);
  if (!entry) throw new Error('content/site/site.yaml is missing');
  return entry.data;
}

export function readLocations(): Entry<Location>[] {
  return [...readCollection('locations', locationSchema)].sort((a, b) => a.data.order - b.data.order);
}
