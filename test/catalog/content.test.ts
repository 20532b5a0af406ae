import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { compileContent, missingTranslations } from '../../src/catalog/compile.ts';
import { splitFrontmatter } from '../../src/catalog/frontmatter.ts';
import { readCollection, readLocations, readSite } from '../../src/catalog/read.ts';
import { productSchema } from '../../src/catalog/products.ts';
import { tempDir } from '../support/temp.ts';

describe('the demo content', () => {
  test('is complete in every language', () => {
    expect(missingTranslations()).toEqual([]);
  });

  test('site and locations pass their schemas', () => {
    expect(readSite().name).toBeTruthy();
    expect(readLocations().map((l) => l.id)).toEqual(['counter', 'tables', 'receipt', 'leaflet']);
  });

  test('no two entries of a collection share an id, and no entry sets a slug (it would replace the id)', () => {
    for (const collection of ['products', 'guides', 'newsletters'] as const) {
      const entries = readCollection(collection, z.looseObject({}));
      const ids = entries.map((e) => e.id);
      expect(new Set(ids).size, collection).toBe(ids.length);
      for (const entry of entries) expect((entry.data as Record<string, unknown>).slug, entry.file).toBeUndefined();
    }
  });

  test('every product exists as en/x and es/x, so the two languages never overwrite each other', () => {
    const ids = readCollection('products', productSchema).map((e) => e.id);
    const slugs = new Set(ids.map((id) => id.split('/')[1]));
    for (const slug of slugs) expect(ids).toEqual(expect.arrayContaining([`en/${slug}`, `es/${slug}`]));
  });
});

describe('missingTranslations()', () => {
  test('names a product and a newsletter that exist in one language only', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'products/en'), { recursive: true });
    await mkdir(join(root, 'products/es'), { recursive: true });
    await mkdir(join(root, 'newsletters/2026-12'), { recursive: true });
    await writeFile(join(root, 'products/en/mug.md'), '---\nname: Mug\n---\n');
    await writeFile(join(root, 'newsletters/2026-12/en.md'), '---\nsubject: x\n---\n');
    expect(missingTranslations(root)).toEqual([
      'content/products/es/mug.md is missing (the other language has it)',
      'content/newsletters/2026-12/es.md is missing',
    ]);
  });
});

test('splitFrontmatter() separates YAML from the body', () => {
  expect(splitFrontmatter('---\ntitle: Hola\n---\nCuerpo\n')).toEqual({ frontmatter: { title: 'Hola' }, body: 'Cuerpo\n' });
});

describe('compileContent()', () => {
  test('names the file and the field of an entry that fails its schema', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'locations'));
    await writeFile(join(root, 'locations/door.yaml'), 'name:\n  en: Door\n');
    expect(() => compileContent(root)).toThrow('content/locations/door.yaml: name.es: ');
  });

  test('refuses a newsletter issue outside content/newsletters/{yyyy-mm}/', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'newsletters/november'), { recursive: true });
    for (const locale of ['en', 'es']) await writeFile(join(root, `newsletters/november/${locale}.md`), '---\nsubject: Hi\npreheader: Hello\n---\nBody\n');
    expect(() => compileContent(root)).toThrow('content/newsletters/november/en.md: newsletter issues live at content/newsletters/{yyyy-mm}/{en|es}.md');
  });

  test('keeps each entry as written, with its Markdown body, for the readers to check again', () => {
    const issue = compileContent().newsletters.find((entry) => entry.id === '2026-11/es');
    expect(issue?.file).toBe('content/newsletters/2026-11/es.md');
    expect(issue?.body).toContain('/es/');
  });
});
