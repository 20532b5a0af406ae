import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { compileContent, disagreeingLanguages } from '../../src/catalog/compile.ts';
import { productSchema } from '../../src/catalog/products.ts';
import { disagreements, factsOf, shared, sharing } from '../../src/catalog/shared.ts';
import { tempDir } from '../support/temp.ts';

/** A copy of content/ with one file's text replaced: what a hand edit that forgot a language looks like. */
async function contentWith(edits: Record<string, (text: string) => string>): Promise<string> {
  const root = join(await tempDir(), 'content');
  await cp('content', root, { recursive: true });
  for (const [path, edit] of Object.entries(edits)) {
    const file = join(root, path);
    const before = await readFile(file, 'utf8');
    const after = edit(before);
    expect(after, `${path}: the edit changed nothing`).not.toBe(before);
    await writeFile(file, after);
  }
  return root;
}

describe('facts that are not text are one value for every language', () => {
  test('the demo content agrees in every language', () => {
    expect(disagreeingLanguages(compileContent())).toEqual([]);
  });

  test('the build refuses a product whose Spanish price differs, naming the file, the field and both values', async () => {
    const root = await contentWith({ 'products/en/house-blend.md': (text) => text.replace('amount: 12,', 'amount: 13.5,') });
    expect(() => compileContent(root)).toThrow('content/products/es/house-blend.md: price.amount is 12, but content/products/en/house-blend.md says 13.5');
  });

  test('a price written in one language only, a size, an order and related products are refused too', async () => {
    const root = await contentWith({
      'products/es/huila-single-origin.md': (text) => text.replace(/^price: .*\n/m, ''),
      'products/es/house-blend.md': (text) => text.replace('per: "250 g"', 'per: "1 kg"').replace(/^order: 1$/m, 'order: 3').replace('related: [huila-single-origin, swiss-water-decaf]', 'related: [swiss-water-decaf]'),
    });
    const message = (() => {
      try {
        compileContent(root);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toContain('content/products/es/huila-single-origin.md: price.amount is (none), but content/products/en/huila-single-origin.md says 15');
    expect(message).toContain('content/products/es/house-blend.md: price.per is "1 kg", but content/products/en/house-blend.md says "250 g"');
    expect(message).toContain('content/products/es/house-blend.md: order is 3, but content/products/en/house-blend.md says 1');
    expect(message).toContain('content/products/es/house-blend.md: related is ["swiss-water-decaf"], but content/products/en/house-blend.md says ["huila-single-origin","swiss-water-decaf"]');
  });

  test('pictures: a step with another picture, or a list with an item more, is refused', async () => {
    const root = await contentWith({
      'products/es/house-blend.md': (text) => text.replace('src: ../../../src/assets/products/step-grind.jpg', 'src: ../../../src/assets/products/step-weigh.jpg'),
      'products/es/swiss-water-decaf.md': (text) => text.replace(/^steps:\n/m, 'steps:\n  - title: "Abra la bolsa"\n    text: "Con cuidado."\n'),
    });
    expect(() => compileContent(root)).toThrow(
      /house-blend\.md: steps\.1\.image\.src is "\.\.\/\.\.\/\.\.\/src\/assets\/products\/step-weigh\.jpg", but content\/products\/en\/house-blend\.md says "\.\.\/\.\.\/\.\.\/src\/assets\/products\/step-grind\.jpg"/,
    );
    expect(() => compileContent(root)).toThrow(/content\/products\/es\/swiss-water-decaf\.md: steps has 5 items, but content\/products\/en\/swiss-water-decaf\.md has 4 items/);
  });

  test('a guide\'s date and a newsletter issue\'s audience are one value too', async () => {
    const root = await contentWith({
      'guides/es/moka-pot-basics.md': (text) => text.replace(/^date: .*$/m, 'date: 2026-01-15'),
      'newsletters/2026-11/es.md': (text) => text.replace(/^subject:/m, 'segment: es\nsubject:'),
    });
    expect(() => compileContent(root)).toThrow(/content\/guides\/es\/moka-pot-basics\.md: date is "2026-01-15", but content\/guides\/en\/moka-pot-basics\.md says "2026-\d\d-\d\d"/);
    expect(() => compileContent(root)).toThrow('content/newsletters/2026-11/es.md: segment is "es", but content/newsletters/2026-11/en.md says "all"');
  });
});

describe('shared()', () => {
  const schema = z.object({
    name: z.string(),
    price: z.object({ amount: shared(z.number()), per: shared(z.string().optional()) }).optional(),
    steps: z.array(z.object({ title: z.string(), image: z.object({ src: shared(z.string()), alt: z.string() }).optional() })),
    tags: shared(z.array(z.string()).default([])),
  });

  test('says how much of a schema is one value for every language', () => {
    const shape = schema.shape;
    expect([sharing(shape.name), sharing(shape.price), sharing(shape.tags), sharing(shape.steps)]).toEqual(['none', 'all', 'all', 'none']);
    expect(sharing(productSchema.shape.images.element)).toBe('some');
  });

  test('finds the facts of an entry, inside lists too, with how many items such a list has', () => {
    const facts = factsOf(schema, { name: 'Mug', price: { amount: 9 }, steps: [{ title: 'Fill' }, { title: 'Drink', image: { src: 'mug.jpg', alt: 'A mug' } }] });
    expect(Object.fromEntries([...facts].map(([key, fact]) => [key, fact.value]))).toEqual({
      'price.amount': 9,
      'price.per': undefined,
      'steps#': 2,
      'steps.0.image.src': undefined,
      'steps.1.image.src': 'mug.jpg',
      tags: undefined,
    });
  });

  test('two files agree whatever the order of their keys; a list of another length is said once', () => {
    const en = { file: 'en', data: { price: { amount: 9, per: 'unit' }, steps: [{ image: { src: 'a.jpg' } }, { image: { src: 'b.jpg' } }] } };
    const es = { file: 'es', data: { price: { per: 'unit', amount: 9 }, steps: [{ image: { src: 'a.jpg' } }] } };
    expect(disagreements(schema, [en, es]).map((d) => [d.key, d.values.map((v) => v.value)])).toEqual([['steps#', [2, 1]]]);
  });
});
