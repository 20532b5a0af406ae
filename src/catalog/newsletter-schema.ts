import { z } from 'zod';
import { issueIdPattern } from '../newsletter/issue-id.ts';
import { segmentKinds } from '../newsletter/segments.ts';
import { isLocale, type Locale } from '../i18n/locales.ts';
import { shared } from './shared.ts';

/** content/newsletters/{yyyy-mm}/{lang}.md frontmatter: the folder is the month it is sent in, the body the issue. */
export const newsletterSchema = z.object({
  /** The email's subject line and the issue's title on the site. */
  subject: z.string().min(1).max(150),
  /** The line mail programs show after the subject; also the summary in the archive and RSS. */
  preheader: z.string().min(1).max(200),
  /** Who gets it: `all`, `en` or `es` readers, `card-holders`, or `lapsed` ones (no stamp for `lapsedDays`). */
  segment: shared(z.enum(segmentKinds).default('all')),
  lapsedDays: shared(z.number().int().min(7).max(730).default(60)),
});
export type Newsletter = z.infer<typeof newsletterSchema>;

export interface Issue {
  /** `yyyy-mm` */
  id: string;
  locale: Locale;
  data: Newsletter;
  body: string;
}

/** The issue id and language of an entry id such as `2026-11/en`, or null for a misplaced file. */
export function parseIssueEntryId(entryId: string): { id: string; locale: Locale } | null {
  const [id = '', locale, extra] = entryId.split('/');
  return issueIdPattern.test(id) && isLocale(locale) && extra === undefined ? { id, locale } : null;
}
