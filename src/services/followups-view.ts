import type { App } from '../app.ts';
import { listOrder, medianTimeToContact, statusCounts, type IndexEntry } from '../domain/followup-index.ts';
import { pageOf, type Page } from '../domain/paging.ts';
import { entryOf, followupIndexDoc } from './followup-index.ts';
import { getFollowup, listFollowups } from './followups.ts';
import { getResponse, type Followup, type FollowupStatus, type SurveyResponse } from './responses.ts';
import { dayOf, dayStart, firstMonth, monthsBetween, openFrom, settledMonth } from './rollup-months.ts';

/**
 * The complaint list, counted, ordered and paged from the index
 * (followup-index.ts) instead of every complaint ever.
 */

/** Every follow-up's index entry: closed days from the index, open days from their records. */
export async function indexEntries(app: App): Promise<IndexEntry[]> {
  const open = openFrom(app);
  const indexed = await app.store.keys('rollups/followups/');
  const first = indexed[0]?.slice(-7) ?? (await firstMonth(app, ['followups/', 'feedback/followups/']));
  const closed = first
    ? await Promise.all(
        monthsBetween(new Date(`${first}-01T00:00:00Z`), new Date(dayStart(open))).map(async (month) => {
          const index = await settledMonth(app, followupIndexDoc(month), month, open, async (from, to) => {
            const records = await listFollowups(app, { from, to });
            return (draft) => records.forEach((followup) => void (draft.items[followup.id] ??= entryOf(followup)));
          });
          return Object.entries(index.items).map(([id, entry]) => ({ id, ...entry }));
        }),
      )
    : [];
  const live = await listFollowups(app, { from: new Date(dayStart(open)) });
  return [...closed.flat().filter((entry) => dayOf(Date.parse(entry.createdAt)) < open), ...live.map((followup) => ({ id: followup.id, ...entryOf(followup) }))];
}

export const FOLLOWUPS_PER_PAGE = 20;

export interface FollowupsView {
  counts: Record<FollowupStatus, number>;
  /** Median ms from complaint to first contact, over every complaint. */
  medianToContact: number | undefined;
  /** The page shown, each follow-up with its response (when still stored). */
  page: Page<{ followup: Followup; response: SurveyResponse | undefined }>;
}

/**
 * One page of the follow-up list: one status (newest first) or, without one,
 * everything still to do (open first, newest first); `show` picks one follow-up.
 * @example await followupsView(app, { page: 1 })
 */
export async function followupsView(app: App, query: { status?: FollowupStatus | undefined; page: number; show?: string | undefined }): Promise<FollowupsView> {
  const entries = await indexEntries(app);
  const chosen = query.show ? entries.filter((entry) => entry.id === query.show) : [];
  const shown = pageOf(chosen.length ? chosen : listOrder(entries, query.status), query.page, FOLLOWUPS_PER_PAGE);
  const items = await Promise.all(
    shown.items.map(async (entry) => ({ followup: await getFollowup(app, entry.id), response: await getResponse(app, entry.id) })),
  );
  return {
    counts: statusCounts(entries),
    medianToContact: medianTimeToContact(entries),
    page: { ...shown, items: items.flatMap(({ followup, response }) => (followup ? [{ followup, response }] : [])) },
  };
}
