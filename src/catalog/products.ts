import { z } from 'zod';
import { shared } from './shared.ts';

/** Images are Astro's `image()` in the content layer; functions and scripts see the path as written. */
const asWritten = () => z.string().min(1);

const text = z.string().trim().min(1);
/** A product's file name without `.md`, the same in every language. */
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use the file name of a product, e.g. house-blend');

/** An image (the same in every language) and its required alt text (per language). */
const picture = <I extends z.ZodType>(image: () => I) => z.object({ src: shared(image()), alt: text });

/** content/products/{lang}/{slug}.md frontmatter; the Markdown body is the product's story. */
export const productSchemaFor = <I extends z.ZodType>(image: () => I) =>
  z.object({
    name: text,
    summary: text,
    /** Shown formatted for each language: `{ amount: 12, currency: EUR, per: 250 g }` → "€12.00 / 250 g". */
    price: z.object({ amount: shared(z.number().positive()), currency: shared(z.string().regex(/^[A-Z]{3}$/)), per: shared(text.optional()) }).optional(),
    order: shared(z.number().int().default(0)),
    /** The first image is the product's main picture (lists, leaflet, sharing). */
    images: z.array(picture(image)).min(1, 'Add at least one image with its alt text'),
    /** Short facts shown as a list, e.g. Origin: Huila, Colombia. */
    facts: z.array(z.object({ label: text, value: text })).default([]),
    /** Why a customer will like it; the first four go on the leaflet. */
    benefits: z.array(text).min(1),
    /** How to use it, in order; the leaflet prints them all, so keep them short. */
    steps: z.array(z.object({ title: text, text, image: picture(image).optional() })).min(1).max(8),
    care: z.array(text).min(1),
    safety: z.array(text).default([]),
    faq: z.array(z.object({ question: text, answer: text })).default([]),
    /** File names of other products, the same in every language. */
    related: shared(z.array(slug).default([])),
    /** Extra chapters of the printable manual; Markdown allowed in `body`. */
    manual: z.array(z.object({ title: text, body: text })).default([]),
  });

/** Product frontmatter as functions and scripts read it from disk. */
export const productSchema = productSchemaFor(asWritten);
export type Product = z.infer<typeof productSchema>;

/** content/guides/{lang}/{slug}.md frontmatter; the Markdown body is the guide. */
export const guideSchemaFor = <I extends z.ZodType>(image: () => I) =>
  z.object({
    title: text,
    summary: text,
    date: shared(z.coerce.date()),
    image: picture(image).optional(),
    /** File names of products this guide is about, the same in every language. */
    products: shared(z.array(slug).default([])),
  });

export const guideSchema = guideSchemaFor(asWritten);
export type Guide = z.infer<typeof guideSchema>;
