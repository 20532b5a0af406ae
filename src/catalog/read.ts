import { readCollection, type Entry } from './content.ts';
import { locationSchema, siteSchema, type Location, type Site } from './site.ts';

export { readCollection, type Entry } from './content.ts';

export function readSite(): Site {
  const [entry] = readCollection('site', siteSchema);
  if (!entry) throw new Error('content/site/site.yaml is missing');
  return entry.data;
}

export function readLocations(): Entry<Location>[] {
  return [...readCollection('locations', locationSchema)].sort((a, b) => a.data.order - b.data.order);
}
