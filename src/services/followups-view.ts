import type { App } from '../app.ts';
import { contactTimes, listOrder, medianTimeToContact, monthFigures, statusCounts, type ComplaintFigures, type IndexEntry, type MonthSummary } from '../domain/followup-index.ts';
import { pageOf, pageWindow, type Page } from '../domain/paging.ts';
import { entriesOf, entryOf, followupIndexDoc, followupSummaryDoc, summariseIndex, type FollowupIndex } from './followup-index.ts';
import { getFollowup, listFollowups } from './followups.ts';
import { getResponse, type Followup, type FollowupStatus, type SurveyResponse } from './responses.ts';
import { DAY_MS, dayStart, firstMonth, monthsBetween, openFrom, settledMonth } from './rollup-months.ts';
import { dayOf } from '../domain/periods.ts';

/**
 * The complaint list, counted, ordered and paged from the index
 * (followup-index.ts) instead of every complaint ever.
 */

/** The months that have closed days, from the first complaint's to the last closed day's. */
async function closedMonths(app: App, open: string): Promise<string[]> {
  const indexed = await app.store.keys('rollups/followups/');
  const first = indexed[0]?.slice(-7) ?? (await firstMonth(app, ['followups/', 'feedback/followups/']));
  return first ? monthsBetween(new Date(`${first}-01T00:00:00Z`), new Date(dayStart(open))) : [];
}

/** A month's index with every closed day folded in (each fold bumps its version). */
function settledIndex(app: App, month: string, open: string): Promise<FollowupIndex> {
  return settledMonth(app, followupIndexDoc(month), month, open, async (from, to) => {
    const records = await listFollowups(app, { from, to });
    return (draft) => {
      records.forEach((followup) => void (draft.items[followup.id] ??= entryOf(followup)));
      draft.version += 1;
    };
  });
}

/**
 * Each month's summary with all its closed days: read from one document; a
 * month whose days closed since (today's, once a day) is folded and summarised.
 */
async function closedSummaries(app: App, open: string): Promise<Map<string, MonthSummary>> {
  const [months, stored] = await Promise.all([closedMonths(app, open), app.store.read(followupSummaryDoc)]);
  const summaries = await Promise.all(
    months.map(async (month) => {
      const nextMonth = dayOf(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
      const lastClosed = dayOf(Math.min(dayStart(nextMonth), dayStart(open)) - DAY_MS);
      const have = stored.months[month];
      const fresh = have && have.through !== null && have.through >= lastClosed && have.resolvedIn ? have : await summariseIndex(app, month, await settledIndex(app, month, open));
      return [month, fresh] as const;
    }),
  );
  return new Map(summaries);
}

/**
 * A month's complaint figures (received, resolved, open now, time to first
 * contact) for the overview and the monthly summary, from the month summaries
 * and today's complaints.
 * @example await complaintsOfMonth(app, '2026-11')
 */
export async function complaintsOfMonth(app: App, month: string): Promise<ComplaintFigures> {
  const open = openFrom(app);
  const [summaries, today] = await Promise.all([closedSummaries(app, open), listFollowups(app, { from: new Date(dayStart(open)) })]);
  return monthFigures(summaries, today.map((followup) => ({ id: followup.id, ...entryOf(followup) })), month);
}

export const FOLLOWUPS_PER_PAGE = 20;

export interface FollowupsView {
  counts: Record<FollowupStatus, number>;
  /** Median ms from complaint to first contact, over every complaint (within 1 %). */
  medianToContact: number | undefined;
  /** The page shown, each follow-up with its response (when still stored). */
  page: Page<{ followup: Followup; response: SurveyResponse | undefined }>;
}

/**
 * Page `wanted` of a list kept in slices, newest first, each with its length
 * known: only the slices the page overlaps are read.
 */
async function pageOfSlices<T>(slices: { count: number; read: () => Promise<T[]> }[], wanted: number, size: number): Promise<Page<T>> {
  const { skip, ...page } = pageWindow(slices.reduce((sum, slice) => sum + slice.count, 0), wanted, size);
  const items: T[] = [];
  let before = 0;
  for (const slice of slices) {
    const [start, end] = [Math.max(skip - before, 0), Math.min(skip + size - before, slice.count)];
    if (start < end) items.push(...(await slice.read()).slice(start, end));
    before += slice.count;
    if (before >= skip + size) break;
  }
  return { items, ...page };
}

/**
 * One page of the follow-up list: one status (newest first) or, without one,
 * everything still to do (open first, newest first); `show` picks one follow-up.
 * Reads the month summaries, today's complaints and the page's own records:
 * the same work after a year as after a week.
 * @example await followupsView(app, { page: 1 })
 */
export async function followupsView(app: App, query: { status?: FollowupStatus | undefined; page: number; show?: string | undefined }): Promise<FollowupsView> {
  const open = openFrom(app);
  const [summaries, today, chosen] = await Promise.all([
    closedSummaries(app, open),
    listFollowups(app, { from: new Date(dayStart(open)) }),
    query.show ? getFollowup(app, query.show) : undefined,
  ]);
  const live = today.map((followup) => ({ id: followup.id, ...entryOf(followup) }));
  const months = [...summaries.entries()].sort(([a], [b]) => b.localeCompare(a));
  const counts = statusCounts(live);
  for (const [, summary] of months) for (const status of Object.keys(counts) as FollowupStatus[]) counts[status] += summary.counts[status];

  // Entries still to do are in the summaries; resolved ones are read from the months the page falls in.
  const shown: Page<IndexEntry | Followup> = chosen
    ? pageOf([chosen], 1, FOLLOWUPS_PER_PAGE)
    : query.status === 'resolved'
      ? await pageOfSlices(
          [
            { count: counts.resolved - months.reduce((sum, [, summary]) => sum + summary.counts.resolved, 0), read: async () => listOrder(live, 'resolved') },
            ...months.map(([month, summary]) => ({
              count: summary.counts.resolved,
              read: async () => listOrder(entriesOf(await app.store.read(followupIndexDoc(month))).filter((entry) => entry.createdAt.slice(0, 10) <= summary.through!), 'resolved'),
            })),
          ],
          query.page,
          FOLLOWUPS_PER_PAGE,
        )
      : pageOf(listOrder([...months.flatMap(([, summary]) => summary.todo), ...live], query.status), query.page, FOLLOWUPS_PER_PAGE);
  const items = await Promise.all(
    shown.items.map(async (entry) => ({ followup: entry === chosen ? chosen : await getFollowup(app, entry.id), response: await getResponse(app, entry.id) })),
  );
  return {
    counts,
    medianToContact: medianTimeToContact([...months.map(([, summary]) => summary.contactTimes), contactTimes(live)]),
    page: { ...shown, items: items.flatMap(({ followup, response }) => (followup ? [{ followup, response }] : [])) },
  };
}
