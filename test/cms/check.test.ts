import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, test } from 'vitest';
import { splitFrontmatter } from '../../src/catalog/frontmatter.ts';
import { checkFile, missingLanguages, pruneEmpty } from '../../src/cms/check.ts';
import { swapIssuePath } from '../../src/cms/client/backend.ts';
import { collectionOfPath } from '../../src/cms/collections.ts';
import { joinStrings, splitStrings, stringFiles } from '../../src/cms/strings.ts';

/** Every file under content/ with its text: what the editor reads and writes. */
const contentFiles = (readdirSync('content', { recursive: true, encoding: 'utf8' }) as string[])
  .filter((file) => /\.(md|yaml|json)$/.test(file))
  .map((file) => ({ path: `content/${file.split('\\').join('/')}`, raw: readFileSync(join('content', file), 'utf8') }));

const dataOf = (path: string, raw: string): unknown =>
  path.endsWith('.md') ? splitFrontmatter(raw) : path.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw);

describe('checkFile()', () => {
  test.each(contentFiles.map((file) => [file.path, file] as const))('saves %s as the same data the build reads today', (path, file) => {
    const result = checkFile(path, file.raw);
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(dataOf(path, result.raw)).toEqual(dataOf(path, file.raw));
  });

  test('refuses a product whose Spanish file lacks a required field, naming the language and the field, in English and in Spanish', () => {
    const result = checkFile('content/products/es/new-mug.md', '---\nsummary: Una taza\n---\nTexto\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContain('content/products/es/new-mug.md: Español — name: missing, fill it in / falta, rellénelo');
  });

  test('refuses a location whose Spanish name is empty, naming the field, in English and in Spanish', () => {
    const result = checkFile('content/locations/terrace.yaml', 'name:\n  en: Terrace\n  es: ""\n');
    expect(result).toEqual({ ok: false, problems: ['content/locations/terrace.yaml: Español — name.es: missing, fill it in / falta, rellénelo'] });
  });

  test('any other refusal gives zod\'s reason in both languages', () => {
    const result = checkFile('content/locations/terrace.yaml', 'name:\n  en: Terrace\n  es: Terraza\norder: many\n');
    expect(result).toEqual({ ok: false, problems: ['content/locations/terrace.yaml: order: Invalid input: expected number, received string / Entrada inválida: se esperaba número, recibido texto'] });
  });

  test('drops what an untouched optional field leaves behind, so the build accepts it', () => {
    const result = checkFile('content/locations/terrace.yaml', 'name:\n  en: Terrace\n  es: Terraza\ndescription:\n  en: ""\n  es: ""\norder: 5\n');
    expect(result).toEqual({ ok: true, raw: 'name:\n  en: Terrace\n  es: Terraza\norder: 5\n' });
  });

  test('refuses a file outside the content folders', () => {
    expect(checkFile('src/pages/index.astro', 'x')).toEqual({ ok: false, problems: ['src/pages/index.astro: the editor does not write files here'] });
  });

  test('refuses a survey question id that breaks the schema, naming the question', () => {
    const survey = readFileSync('content/surveys/feedback.yaml', 'utf8').replace('- id: quality', '- id: Quality Score');
    const result = checkFile('content/surveys/feedback.yaml', survey);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^content\/surveys\/feedback\.yaml: questions\.1\.id: Use lower-case letters/);
  });
});

describe('pruneEmpty()', () => {
  test.each([
    [{ a: '', b: 1 }, { b: 1 }],
    [{ price: { amount: null, currency: '' } }, undefined],
    [{ list: ['', 'x', null] }, { list: ['x'] }],
    [{ related: [] }, undefined],
    [{ keep: false, zero: 0 }, { keep: false, zero: 0 }],
  ])('%j → %j', (input, output) => {
    expect(pruneEmpty(input)).toEqual(output);
  });
});

describe('missingLanguages()', () => {
  test('a product saved in English only names the Spanish file', () => {
    expect(missingLanguages(['content/products/en/mug.md'])).toEqual(['content/products/es/mug.md: Español — write this entry in Español too (every required field) / escriba esta entrada también en Español (todos los campos obligatorios)']);
  });

  test('a newsletter issue saved in Spanish only names the English file', () => {
    expect(missingLanguages(['content/newsletters/2026-12/es.md'])).toEqual(['content/newsletters/2026-12/en.md: English — write this entry in English too (every required field) / escriba esta entrada también en English (todos los campos obligatorios)']);
  });

  test('both languages, or a YAML file with its texts inside, need nothing more', () => {
    expect(missingLanguages(['content/guides/en/a.md', 'content/guides/es/a.md', 'content/surveys/feedback.yaml'])).toEqual([]);
  });
});

describe('newsletter paths', () => {
  test('the editor sees {lang}/{month}.md for the files at {month}/{lang}.md, and back', () => {
    expect(swapIssuePath('content/newsletters/2026-11/es.md')).toBe('content/newsletters/es/2026-11.md');
    expect(swapIssuePath('content/newsletters/es/2026-11.md')).toBe('content/newsletters/2026-11/es.md');
    expect(swapIssuePath('content/products/es/house-blend.md')).toBe('content/products/es/house-blend.md');
  });

  test('every content file belongs to exactly the collection of its folder', () => {
    expect(contentFiles.map((file) => [file.path, collectionOfPath(file.path)?.name]).filter(([, name]) => !name)).toEqual([]);
    expect(collectionOfPath('content/newsletters/2026-11/en.md')?.name).toBe('newsletters');
  });
});

describe('interface strings in the editor', () => {
  test('both languages of an area are one entry, and saving splits it back into the same two files', () => {
    const files = { en: readFileSync('content/i18n/en/common.json', 'utf8'), es: readFileSync('content/i18n/es/common.json', 'utf8') };
    const entry = JSON.parse(joinStrings(files)) as Record<string, { en: string; es: string }>;
    expect(entry['nav__home']).toEqual({ en: 'Home', es: 'Inicio' });
    expect(splitStrings(JSON.stringify(entry))).toEqual(files);
  });

  test('the entry content/i18n/{area}.json stands for the files of each language', () => {
    expect(stringFiles('content/i18n/admin.json')).toEqual({ en: 'content/i18n/en/admin.json', es: 'content/i18n/es/admin.json' });
    expect(stringFiles('content/i18n/en/admin.json')).toBeUndefined();
  });

  test('a string left empty in one language is refused, naming the key and the language', () => {
    const result = checkFile('content/i18n/es/common.json', '{ "nav.home": "" }');
    expect(result).toEqual({ ok: false, problems: ['content/i18n/es/common.json: Español — nav.home: Too small: expected string to have >=1 characters / Demasiado pequeño: se esperaba que texto tuviera >=1 caracteres'] });
  });
});
