import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { loyaltySchema } from './catalog/loyalty-schema.ts';
import { newsletterSchema } from './catalog/newsletter-schema.ts';
import { guideSchemaFor, productSchemaFor } from './catalog/products.ts';
import { locationSchema, siteSchema } from './catalog/site.ts';
import { surveySchema } from './catalog/survey.ts';
import { uiStringsSchema } from './catalog/ui-strings.ts';

/**
 * Entry ids are the path without extension (`en/house-blend`), never a
 * frontmatter `slug`: two languages sharing a slug would overwrite each other.
 */
const byPath = (base: string, pattern: string) =>
  glob({ base: `./content/${base}`, pattern, generateId: ({ entry }) => entry.replace(/\.(md|ya?ml|json)$/, '') });

export const collections = {
  site: defineCollection({ loader: byPath('site', '*.yaml'), schema: siteSchema }),
  locations: defineCollection({ loader: byPath('locations', '*.yaml'), schema: locationSchema }),
  products: defineCollection({ loader: byPath('products', '*/*.md'), schema: ({ image }) => productSchemaFor(image) }),
  guides: defineCollection({ loader: byPath('guides', '*/*.md'), schema: ({ image }) => guideSchemaFor(image) }),
  surveys: defineCollection({ loader: byPath('surveys', '*.yaml'), schema: surveySchema }),
  loyalty: defineCollection({ loader: byPath('loyalty', '*.yaml'), schema: loyaltySchema }),
  newsletters: defineCollection({ loader: byPath('newsletters', '*/*.md'), schema: newsletterSchema }),
  i18n: defineCollection({ loader: byPath('i18n', '*/*.json'), schema: uiStringsSchema }),
};
