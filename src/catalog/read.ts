import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { siteSchema, locationSchema, type Location, type Site } from './site.ts';

/**
 * Reads content/ straight from disk, for functions and scripts, which run
 * outside Astro's content layer. Pages use `astro:content`; both check entries
 * with the same schemas, so they can never disagree.
 */
export const contentRoot = (): string => resolve(process.env.CONTENT_DIR ?? 'content');

export interface Entry<T> {
  /** Path under the collection folder without extension, e.g. `en/house-blend`: the same id Astro gives. */
  id: string;
  data: T;
  /** Markdown body, for .md entries. */
  body: string;
  file: string;
}

function walk(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .map((file) => join(directory, file))
    .filter((file) => /\.(ya?ml|md|json)$/.test(file))
    .sort();
}

/** Splits `---\nyaml\n---\nbody` into its parts. */
export function splitFrontmatter(text: string): { frontmatter: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  return match ? { frontmatter: parseYaml(match[1] ?? ''), body: match[2] ?? '' } : { frontmatter: {}, body: text };
}

/** Every entry of `content/{collection}/`, checked against `schema`; a bad one throws naming its file. */
export function readCollection<T>(collection: string, schema: z.ZodType<T>): Entry<T>[] {
  const base = join(contentRoot(), collection);
  return walk(base).map((file) => {
    const text = readFileSync(file, 'utf8');
    const { frontmatter, body } = file.endsWith('.md')
      ? splitFrontmatter(text)
      : { frontmatter: file.endsWith('.json') ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown), body: '' };
    const result = schema.safeParse(frontmatter);
    const shown = relative(process.cwd(), file);
    if (!result.success) {
      throw new Error(`${shown}: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
    }
    const id = relative(base, file).split(sep).join('/').replace(/\.(ya?ml|md|json)$/, '');
    return { id, data: result.data, body, file: shown };
  });
}

export function readSite(): Site {
  const [entry] = readCollection('site', siteSchema);
  if (!entry) throw new Error('content/site/site.yaml is missing');
  return entry.data;
}

export function readLocations(): Entry<Location>[] {
  return readCollection('locations', locationSchema).sort((a, b) => a.data.order - b.data.order);
}
