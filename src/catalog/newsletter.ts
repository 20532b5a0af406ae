import { z } from 'zod';

/** content/newsletters/{yyyy-mm}/{lang}.md frontmatter. */
export const newsletterSchema = z.object({
  subject: z.string().min(1),
  preheader: z.string().min(1),
});
export type Newsletter = z.infer<typeof newsletterSchema>;
