import { getCollection, type CollectionEntry } from 'astro:content';
import { parseIssueEntryId } from './catalog/newsletter-schema';
import type { Locale } from './i18n/locales';
import { monthLabel } from './i18n/format';

export interface IssueEntry {
  id: string;
  entry: CollectionEntry<'newsletters'>;
  /** e.g. "November 2026" / "noviembre de 2026" */
  month: string;
  date: Date;
}

/** One language's issues, newest first. */
export async function issuesIn(lang: Locale): Promise<IssueEntry[]> {
  const entries = await getCollection('newsletters', (entry) => parseIssueEntryId(entry.id)?.locale === lang);
  return entries
    .map((entry) => {
      const id = parseIssueEntryId(entry.id)!.id;
      const date = new Date(`${id}-01T00:00:00Z`);
      return { id, entry, date, month: monthLabel(lang, date) };
    })
    .sort((a, b) => b.id.localeCompare(a.id));
}
