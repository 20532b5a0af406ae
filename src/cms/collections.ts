import { z } from 'zod';
import { loyaltySchema } from '../catalog/loyalty-schema.ts';
import { newsletterSchema } from '../catalog/newsletter-schema.ts';
import { guideSchema, guideSchemaFor, productSchema, productSchemaFor } from '../catalog/products.ts';
import { locationSchema, siteSchema } from '../catalog/site.ts';
import { surveySchema } from '../catalog/survey.ts';
import { uiStringsSchema } from '../catalog/ui-strings.ts';
import { locales } from '../i18n/locales.ts';

/**
 * What the content editor edits: each collection's files, layout and zod schema (the one src/content.config.ts
 * gives Astro). The Decap configuration and the save check both come from this list.
 */

/** Stands for Astro's `image()` when generating fields: an image widget that stores the path as written. */
export const imageField = z.string().min(1);

export type Layout =
  /** `content/{name}/{lang}/{slug}.md`: one Markdown file per language, the same file name in each. */
  | 'per-language-markdown'
  /** `content/newsletters/{yyyy-mm}/{lang}.md`: a folder per issue, a file per language. */
  | 'per-issue-markdown'
  /** `content/{name}/{id}.yaml`: one YAML file per entry, texts as `{ en, es }`. */
  | 'yaml-folder'
  /** One YAML file, texts as `{ en, es }`. */
  | 'yaml-file'
  /** `content/i18n/{lang}/{area}.json`: flat dotted keys. */
  | 'strings';

export interface ContentCollection {
  name: string;
  /** Folder (or file, for `yaml-file`) under the repository root. */
  path: string;
  layout: Layout;
  /** Checks a file's data exactly as the build does. */
  schema: z.ZodType;
  /** The schema the editor's fields come from (products and guides: with `imageField` for pictures). */
  fieldsFrom: z.ZodType;
  /** Its file name is an id printed in QR codes or stored with answers: never renamed or deleted from the editor. */
  printedIds?: boolean;
  /** Where uploaded pictures go, for collections with images. */
  media?: { folder: string; publicFolder: string };
}

export const contentCollections: ContentCollection[] = [
  { name: 'site', path: 'content/site/site.yaml', layout: 'yaml-file', schema: siteSchema, fieldsFrom: siteSchema },
  { name: 'locations', path: 'content/locations', layout: 'yaml-folder', schema: locationSchema, fieldsFrom: locationSchema, printedIds: true },
  {
    name: 'products',
    path: 'content/products',
    layout: 'per-language-markdown',
    schema: productSchema,
    fieldsFrom: productSchemaFor(() => imageField),
    printedIds: true,
    media: { folder: '/src/assets/products', publicFolder: '../../../src/assets/products' },
  },
  {
    name: 'guides',
    path: 'content/guides',
    layout: 'per-language-markdown',
    schema: guideSchema,
    fieldsFrom: guideSchemaFor(() => imageField),
    media: { folder: '/src/assets/guides', publicFolder: '../../../src/assets/guides' },
  },
  { name: 'surveys', path: 'content/surveys', layout: 'yaml-folder', schema: surveySchema, fieldsFrom: surveySchema, printedIds: true },
  { name: 'loyalty', path: 'content/loyalty/programme.yaml', layout: 'yaml-file', schema: loyaltySchema, fieldsFrom: loyaltySchema },
  { name: 'newsletters', path: 'content/newsletters', layout: 'per-issue-markdown', schema: newsletterSchema, fieldsFrom: newsletterSchema },
  { name: 'strings', path: 'content/i18n', layout: 'strings', schema: uiStringsSchema, fieldsFrom: uiStringsSchema },
];

/** The collection a repository path belongs to, e.g. `content/products/es/house-blend.md` → products. */
export function collectionOfPath(path: string): ContentCollection | undefined {
  const lang = `(?:${locales.join('|')})`;
  return contentCollections.find((collection) => {
    const p = collection.path.replace(/[.]/g, '\\.');
    const pattern = {
      'per-language-markdown': `^${p}/${lang}/[a-z0-9-]+\\.md$`,
      'per-issue-markdown': `^${p}/\\d{4}-\\d{2}/${lang}\\.md$`,
      'yaml-folder': `^${p}/[a-z0-9-]+\\.yaml$`,
      'yaml-file': `^${p}$`,
      strings: `^${p}/${lang}/[a-z0-9-]+\\.json$`,
    }[collection.layout];
    return new RegExp(pattern).test(path);
  });
}
