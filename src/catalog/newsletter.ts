import { readCollection } from './content.ts';
import { newsletterSchema, parseIssueEntryId, type Issue } from './newsletter-schema.ts';

export { newsletterSchema, parseIssueEntryId, type Issue, type Newsletter } from './newsletter-schema.ts';

/** Every issue in every language, as compiled at build (which refuses a file in the wrong place). */
export function readIssues(): Issue[] {
  return readCollection('newsletters', newsletterSchema).map((entry) => ({ ...parseIssueEntryId(entry.id)!, data: entry.data, body: entry.body }));
}
