import type { Segment } from '../newsletter/segments.ts';
import { readCollection } from './content.ts';
import { newsletterSchema, parseIssueEntryId, type Issue } from './newsletter-schema.ts';

export type { Issue } from './newsletter-schema.ts';

/** The audience of an issue; its language versions must agree, else the error names the files. */
export function segmentOf(versions: readonly Issue[]): Segment {
  const [first, ...rest] = versions;
  if (!first) return { kind: 'all', lapsedDays: 60 };
  const segment = { kind: first.data.segment, lapsedDays: first.data.lapsedDays };
  const other = rest.find((v) => v.data.segment !== segment.kind || (segment.kind === 'lapsed' && v.data.lapsedDays !== segment.lapsedDays));
  if (other) throw new Error(`content/newsletters/${first.id}/: segment and lapsedDays must be the same in ${first.locale}.md and ${other.locale}.md`);
  return segment;
}

/** Every issue in every language, as compiled; language versions that disagree on the segment throw, naming them. */
export function readIssues(): Issue[] {
  const issues = readCollection('newsletters', newsletterSchema).map((entry) => ({ ...parseIssueEntryId(entry.id)!, data: entry.data, body: entry.body }));
  for (const id of new Set(issues.map((i) => i.id))) segmentOf(issues.filter((i) => i.id === id));
  return issues;
}
