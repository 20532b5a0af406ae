import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { locales } from '../i18n/locales.ts';
import { splitFrontmatter } from './frontmatter.ts';
import { loyaltySchema } from './loyalty-schema.ts';
import { newsletterSchema, parseIssueEntryId } from './newsletter-schema.ts';
import { guideSchema, productSchema } from './products.ts';
import { disagreements, shown } from './shared.ts';
import { locationSchema, siteSchema } from './site.ts';
import { surveySchema } from './survey.ts';

/**
 * Compiles content/ into one JSON document that functions, pages and scripts import (./content.ts), so nothing
 * parses YAML per request or depends on which files a bundler ships. The only reader of content/ on disk.
 */

/** The folder compiled: CONTENT_DIR (tests and the content editor's own tests point it elsewhere), else ./content. */
export const contentRoot = (): string => resolve(process.env.CONTENT_DIR ?? 'content');

/** Where the compiled content goes (git-ignored; made by `npm install`, `astro dev`, `astro build`, tests and scripts). */
export const compiledFile = fileURLToPath(new URL('./generated/content.json', import.meta.url));

/** Each collection's folder, the files it holds, and the schema every entry must pass (images as written). */
const collections = {
  site: { pattern: /^[^/]+\.ya?ml$/, schema: siteSchema },
  locations: { pattern: /^[^/]+\.ya?ml$/, schema: locationSchema },
  products: { pattern: /^[^/]+\/[^/]+\.md$/, schema: productSchema },
  guides: { pattern: /^[^/]+\/[^/]+\.md$/, schema: guideSchema },
  surveys: { pattern: /^[^/]+\.ya?ml$/, schema: surveySchema },
  loyalty: { pattern: /^[^/]+\.ya?ml$/, schema: loyaltySchema },
  newsletters: { pattern: /^[^/]+\/[^/]+\.md$/, schema: newsletterSchema },
} satisfies Record<string, { pattern: RegExp; schema: z.ZodType }>;

export type CollectionName = keyof typeof collections;

/** An entry as written: frontmatter or YAML, already checked against its collection's schema. */
export interface CompiledEntry {
  /** Path under the collection folder without extension, e.g. `en/house-blend`: the same id Astro gives. */
  id: string;
  data: unknown;
  /** Markdown body, for .md entries. */
  body: string;
  /** e.g. `content/products/en/house-blend.md`, for messages. */
  file: string;
}

export type CompiledContent = Record<CollectionName, CompiledEntry[]>;

function listFiles(directory: string): string[] {
  return existsSync(directory) ? readdirSync(directory).filter((name) => !name.startsWith('.')).sort() : [];
}

/** One line per missing translation: `products/en/x.md` needs `products/es/x.md`, `newsletters/2026-11/en.md` needs `…/es.md`. */
export function missingTranslations(root = contentRoot()): string[] {
  const problems: string[] = [];
  for (const collection of ['products', 'guides']) {
    const names = new Map(locales.map((locale) => [locale, listFiles(join(root, collection, locale))]));
    const all = new Set([...names.values()].flat());
    for (const locale of locales) {
      for (const name of all) {
        if (!names.get(locale)?.includes(name)) problems.push(`content/${collection}/${locale}/${name} is missing (the other language has it)`);
      }
    }
  }
  const newsletters = join(root, 'newsletters');
  for (const month of listFiles(newsletters)) {
    const files = listFiles(join(newsletters, month));
    for (const locale of locales) {
      if (!files.includes(`${locale}.md`)) problems.push(`content/newsletters/${month}/${locale}.md is missing`);
    }
  }
  return problems;
}

function compileCollection(root: string, name: CollectionName): CompiledEntry[] {
  const { pattern, schema } = collections[name];
  const base = join(root, name);
  if (!existsSync(base)) return [];
  const files = readdirSync(base, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(sep).join('/'))
    .filter((file) => pattern.test(file))
    .sort();
  return files.map((path) => {
    const file = `content/${name}/${path}`;
    const text = readFileSync(join(base, path), 'utf8');
    const { frontmatter, body } = path.endsWith('.md') ? splitFrontmatter(text) : { frontmatter: parseYaml(text) as unknown, body: '' };
    const result = schema.safeParse(frontmatter);
    if (!result.success) {
      throw new Error(`${file}: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
    }
    const id = path.replace(/\.(ya?ml|md)$/, '');
    if (name === 'newsletters' && !parseIssueEntryId(id)) throw new Error(`${file}: newsletter issues live at content/newsletters/{yyyy-mm}/{en|es}.md`);
    return { id, data: frontmatter, body, file };
  });
}

/** The collections written once per language, and what makes two files one entry: `en/mug` and `es/mug`, `2026-11/en` and `2026-11/es`. */
const perLanguage = {
  products: (id: string) => ({ locale: id.split('/')[0]!, entry: id.split('/')[1]! }),
  guides: (id: string) => ({ locale: id.split('/')[0]!, entry: id.split('/')[1]! }),
  newsletters: (id: string) => ({ locale: id.split('/')[1]!, entry: id.split('/')[0]! }),
} satisfies Partial<Record<CollectionName, (id: string) => { locale: string; entry: string }>>;

/**
 * One line per `shared()` fact (price, ids, dates, pictures…) on which a language's file disagrees with the default's.
 * @example 'content/products/es/mug.md: price.amount is 12, but content/products/en/mug.md has 13.5'
 */
export function disagreeingLanguages(content: CompiledContent): string[] {
  const problems: string[] = [];
  for (const [name, split] of Object.entries(perLanguage) as [keyof typeof perLanguage, (id: string) => { locale: string; entry: string }][]) {
    const schema = collections[name].schema;
    const byEntry = Map.groupBy(content[name], (entry) => split(entry.id).entry);
    for (const files of byEntry.values()) {
      const ordered = locales.flatMap((locale) => files.filter((file) => split(file.id).locale === locale));
      const checked = ordered.map((file) => ({ file: file.file, data: schema.parse(file.data) }));
      for (const { fact, values } of disagreements(schema, checked)) {
        const field = fact.path.join('.');
        const [reference, ...rest] = values;
        const say = (value: unknown) => (fact.count ? `${String(value)} items` : shown(value));
        for (const other of rest.filter((v) => shown(v.value) !== shown(reference!.value))) {
          problems.push(`${other.file}: ${field} ${fact.count ? 'has' : 'is'} ${say(other.value)}, but ${reference!.file} ${fact.count ? 'has' : 'says'} ${say(reference!.value)}`);
        }
      }
    }
  }
  return problems;
}

/** Reads and checks every collection under `root`; throws naming the file and field, every missing translation, or every fact the languages disagree on. */
export function compileContent(root = contentRoot()): CompiledContent {
  const problems = missingTranslations(root);
  if (problems.length > 0) throw new Error(`Content is missing in one language:\n  ${problems.join('\n  ')}`);
  const content = Object.fromEntries(Object.keys(collections).map((name) => [name, compileCollection(root, name as CollectionName)])) as CompiledContent;
  const disagreeing = disagreeingLanguages(content);
  if (disagreeing.length > 0) {
    throw new Error(
      `The languages of an entry disagree on a fact that is not text (prices, sizes, amounts, ids, dates, pictures and order are one value for every language): write the same value in every language's file.\n  ${disagreeing.join('\n  ')}`,
    );
  }
  return content;
}

/** Compiles `root` into `file`; writes only when something changed (so watchers rebuild only then). Returns whether it wrote. */
export function writeCompiledContent(root = contentRoot(), file = compiledFile): boolean {
  const json = `${JSON.stringify(compileContent(root))}\n`;
  if (existsSync(file) && readFileSync(file, 'utf8') === json) return false;
  mkdirSync(dirname(file), { recursive: true });
  // Whole or not at all: a dev server watching the file must never read half of it.
  writeFileSync(`${file}.tmp`, json);
  renameSync(`${file}.tmp`, file);
  return true;
}
