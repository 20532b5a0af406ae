import { getEntry } from 'astro:content';
import type { Site } from './catalog/site.ts';

/** The shop's details from content/site/site.yaml, for pages. */
export async function getSite(): Promise<Site> {
  const entry = await getEntry('site', 'site');
  if (!entry) throw new Error('content/site/site.yaml is missing');
  return entry.data;
}
