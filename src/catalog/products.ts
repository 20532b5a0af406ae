import { z } from 'zod';

/** content/products/{lang}/{slug}.md frontmatter. */
export const productSchema = z.object({
  name: z.string().min(1),
  summary: z.string().min(1),
  price: z.string().optional(),
  order: z.number().int().default(0),
});
export type Product = z.infer<typeof productSchema>;

/** content/guides/{lang}/{slug}.md frontmatter. */
export const guideSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  date: z.coerce.date(),
});
export type Guide = z.infer<typeof guideSchema>;
