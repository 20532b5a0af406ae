import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { contentCollections } from '../../src/cms/collections.ts';
import { cmsConfig } from '../../src/cms/config.ts';
import type { CmsField } from '../../src/cms/fields.ts';

const config = cmsConfig({ lang: 'en', repo: 'shop/site', branch: 'main', stringKeys: { common: ['nav.home'] }, text: () => undefined });
type Collection = { name: string; delete?: boolean; fields?: CmsField[]; files?: { fields: CmsField[] }[] };
const byName = (name: string) => (config.collections as Collection[]).find((c) => c.name === name)!;

/** Every dotted field path the editor offers: `price.amount`, `questions.kind`, `name.es`. */
function editorPaths(fields: CmsField[], prefix = ''): string[] {
  return fields.flatMap((field) => {
    const path = `${prefix}${field.name}`;
    if (field.types) return [path, `${path}.${field.typeKey}`, ...field.types.flatMap((type) => editorPaths(type.fields ?? [], `${path}.`))];
    if (field.fields) return [path, ...editorPaths(field.fields, `${path}.`)];
    if (field.field) return [path, ...editorPaths([field.field], prefix).filter((p) => p !== path)];
    return [path];
  });
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Every dotted property path of a schema, read from zod's JSON Schema: independent of the generator's own walk. */
function schemaPaths(schema: JsonSchema, prefix = ''): string[] {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.flatMap((variant) => schemaPaths(variant, prefix));
  if (schema.type === 'array' && schema.items) return schemaPaths(schema.items, prefix);
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => [`${prefix}${key}`, ...schemaPaths(child, `${prefix}${key}.`)]);
}

const unique = (paths: string[]) => [...new Set(paths)].sort();

describe('the content editor configuration', () => {
  test.each(contentCollections.filter((c) => c.layout !== 'strings').map((c) => [c.name, c] as const))(
    '%s: the editor has a field for every schema field, and none the schema does not know',
    (name, collection) => {
      const json = z.toJSONSchema(collection.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      const cms = byName(name);
      const fields = cms.fields ?? cms.files![0]!.fields;
      const markdownBody = collection.layout.endsWith('markdown') ? ['body'] : [];
      expect(unique(editorPaths(fields))).toEqual(unique([...schemaPaths(json), ...markdownBody]));
    },
  );

  test('a field added to a schema appears in the editor without touching the CMS code', () => {
    const site = contentCollections.find((c) => c.name === 'site')!;
    const grown = { ...site, fieldsFrom: (site.fieldsFrom as z.ZodObject).extend({ ownerLanguage: z.enum(['en', 'es']).default('en') }) };
    const [collection] = cmsConfig({ lang: 'en', repo: 'a/b', branch: 'main', stringKeys: {}, text: () => undefined, collections: [grown] }).collections as Collection[];
    expect(collection!.files![0]!.fields.find((f) => f.name === 'ownerLanguage')).toMatchObject({ widget: 'select', options: ['en', 'es'], default: 'en' });
  });

  test('texts written in both languages are one field with an English and a Spanish box', () => {
    const name = byName('locations').fields!.find((f) => f.name === 'name')!;
    expect(name).toMatchObject({ widget: 'object', fields: [{ name: 'en', label: 'English', required: true }, { name: 'es', label: 'Español', required: true }] });
  });

  test('products and guides are edited in both languages at once, in content/{collection}/{lang}/, the editor\'s language on the left', () => {
    expect(config.i18n).toEqual({ structure: 'multiple_folders', locales: ['en', 'es'], default_locale: 'en' });
    expect(cmsConfig({ lang: 'es', repo: 'a/b', branch: 'main', stringKeys: {}, text: () => undefined }).i18n).toEqual({ structure: 'multiple_folders', locales: ['es', 'en'], default_locale: 'es' });
    expect(byName('products')).toMatchObject({ folder: 'content/products', i18n: true, extension: 'md', format: 'frontmatter', delete: false });
  });

  /** Each field's path and `i18n`, however deep: `price.amount: duplicate`. */
  const i18nOf = (fields: CmsField[], prefix = ''): Record<string, unknown> =>
    Object.fromEntries(
      fields.flatMap((field) => {
        const path = `${prefix}${field.name}`;
        const children = field.fields ? Object.entries(i18nOf(field.fields, `${path}.`)) : field.field ? Object.entries(i18nOf([field.field], `${path}.`)) : [];
        return [[path, field.i18n], ...children];
      }),
    );

  test('a fact that is not text is one value shown in both panes (Decap\'s duplicate); every text, however deep, is per language', () => {
    const products = i18nOf(byName('products').fields!);
    const duplicates = Object.entries(products).filter(([, i18n]) => i18n === 'duplicate').map(([path]) => path);
    // Decap takes only true/false on objects and lists: their parts are marked.
    expect(duplicates).toEqual(['price.amount', 'price.currency', 'price.per', 'order', 'images.src', 'steps.image.src', 'related.related']);
    // Decap hides a nested field that says nothing of languages from the second pane (the Spanish price was empty).
    expect(Object.entries(products).filter(([, i18n]) => i18n !== true && i18n !== 'duplicate')).toEqual([]);
    expect(products).toMatchObject({ name: true, 'images.alt': true, 'steps.title': true, 'steps.image.alt': true, 'facts.value': true, body: true });
    const guides = i18nOf(byName('guides').fields!);
    expect(Object.entries(guides).filter(([, i18n]) => i18n === 'duplicate').map(([path]) => path)).toEqual(['date', 'image.src', 'products.products']);
    const issues = i18nOf(byName('newsletters').fields!);
    expect(Object.entries(issues).filter(([, i18n]) => i18n === 'duplicate').map(([path]) => path)).toEqual(['segment', 'lapsedDays']);
    // Collections that hold both languages in one file have no per-language fields.
    expect(Object.values(i18nOf(byName('surveys').fields!)).every((i18n) => i18n === undefined)).toBe(true);
  });

  test('a shared value says so once, where the owner sets it', () => {
    const shop = cmsConfig({ lang: 'en', repo: 'a/b', branch: 'main', stringKeys: {}, text: (key) => (key === 'hint.shared' ? 'One value for both languages.' : undefined) });
    const fields = (shop.collections as Collection[]).find((c) => c.name === 'products')!.fields!;
    const price = fields.find((f) => f.name === 'price')!;
    expect(price.hint).toBe('One value for both languages.');
    expect(price.fields!.map((f) => f.hint)).toEqual([undefined, undefined, undefined]);
    expect(fields.find((f) => f.name === 'name')!.hint).toBeUndefined();
  });

  test('survey questions are typed items keyed by kind, one type per kind in the schema', () => {
    const questions = byName('surveys').fields!.find((f) => f.name === 'questions')!;
    expect(questions.typeKey).toBe('kind');
    expect(questions.types!.map((t) => t.name)).toEqual(['rating', 'nps', 'single', 'multiple', 'short-text', 'long-text', 'contact']);
  });

  test('numbers are saved as numbers, whole where the schema says int', () => {
    const stamps = byName('loyalty').files![0]!.fields.find((f) => f.name === 'stampsPerReward')!;
    expect(stamps).toMatchObject({ widget: 'number', value_type: 'int', min: 2, max: 20 });
  });

  test('ids printed in codes cannot be deleted from the editor', () => {
    expect(byName('locations').delete).toBe(false);
    expect(byName('surveys').delete).toBe(false);
    expect(byName('products').delete).toBe(false);
  });

  test('the interface strings are one entry per area, a field per key with an English and a Spanish box', () => {
    expect(byName('strings').files).toEqual([
      {
        name: 'common',
        label: 'Common',
        file: 'content/i18n/common.json',
        format: 'json',
        fields: [{ name: 'nav__home', label: 'nav.home', widget: 'object', collapsed: false, fields: [{ name: 'en', label: 'English', widget: 'string' }, { name: 'es', label: 'Español', widget: 'string' }] }],
      },
    ]);
  });

  test('labels come from the owner\'s language strings, else the field name', () => {
    const es = cmsConfig({ lang: 'es', repo: 'a/b', branch: 'main', stringKeys: {}, text: (key) => ({ 'field.stampsPerReward': 'Sellos por premio', 'collection.loyalty': 'Fidelización' })[key] });
    const loyalty = (es.collections as Collection[]).find((c) => c.name === 'loyalty') as Collection & { label: string };
    expect(loyalty.label).toBe('Fidelización');
    expect(loyalty.files![0]!.fields.find((f) => f.name === 'stampsPerReward')!.label).toBe('Sellos por premio');
    expect(loyalty.files![0]!.fields.find((f) => f.name === 'reward')!.label).toBe('Reward');
  });

  test('on Netlify the owner signs in to GitHub through Netlify; under npm start the local file API is used', () => {
    expect(config.backend).toMatchObject({ name: 'github', repo: 'shop/site', branch: 'main', base_url: 'https://api.netlify.com' });
    const local = cmsConfig({ lang: 'es', repo: 'a/b', branch: 'main', stringKeys: {}, text: () => undefined, localBackendUrl: '/admin/content/api/v1' });
    expect(local.local_backend).toEqual({ url: '/admin/content/api/v1' });
    expect(local.locale).toBe('es');
  });
});
