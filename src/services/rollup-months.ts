import type { App } from '../app.ts';
import { z } from 'zod';
import { dayOf } from '../domain/periods.ts';
import { defineDoc, type Doc } from '../store/store.ts';

/**
 * Month rollups of records that arrive by day (responses, complaints): a
 * rollup document per month holds what its closed days folded to, and
 * `through`, the last day folded. A day is closed `SETTLE_MS` after it ends (a
 * record stamped 23:59:59 may still be on its way); the first read after that
 * folds it once. Days still open are read from their records by the caller.
 */
export const SETTLE_MS = 10 * 60_000;
export const DAY_MS = 86_400_000;

export const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** The first day that is not closed yet at the app's now (`2026-11-26`). */
export const openFrom = (app: App): string => dayOf(app.now().getTime() - SETTLE_MS);

/** The months (`2026-11`) from the one holding `from` to the one holding the last instant before `to`. */
export function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  const last = dayOf(to.getTime() - 1).slice(0, 7);
  for (let at = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); at.toISOString().slice(0, 7) <= last; at.setUTCMonth(at.getUTCMonth() + 1)) {
    months.push(at.toISOString().slice(0, 7));
  }
  return months;
}

/**
 * A month's rollup with every closed day folded in: when days are missing,
 * `fold(from, to)` reads their records and returns how to add them to a draft
 * (it must add only days after the draft's `through`: another reader may have
 * folded some meanwhile), and the result is stored.
 * @example await settledMonth(app, feedbackRollupDoc('2026-11'), '2026-11', openFrom(app), fold)
 */
export async function settledMonth<T extends { through: string | null }>(
  app: App,
  doc: Doc<T>,
  month: string,
  open: string,
  fold: (from: Date, to: Date) => Promise<(draft: T) => void>,
): Promise<T> {
  const stored = await app.store.read(doc);
  const nextMonth = dayOf(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  const lastClosed = dayOf(Math.min(dayStart(nextMonth), dayStart(open)) - DAY_MS);
  if (lastClosed < `${month}-01` || (stored.through !== null && stored.through >= lastClosed)) return stored;
  const firstMissing = stored.through === null ? `${month}-01` : dayOf(dayStart(stored.through) + DAY_MS);
  const add = await fold(new Date(dayStart(firstMissing)), new Date(dayStart(lastClosed) + DAY_MS));
  return app.store.update(doc, (draft) => {
    if (draft.through === null || draft.through < lastClosed) {
      add(draft);
      draft.through = lastClosed;
    }
    return structuredClone(draft);
  });
}

/** The first month found under each key prefix. */
const firstMonthsDoc = defineDoc('rollups/first-months', z.object({ months: z.record(z.string(), z.string()) }), () => ({ months: {} }));

/**
 * The first month (`2026-03`) any key under the given prefixes starts with, or
 * undefined when there is none: where a listing without a start begins. Keys are
 * `{prefix}{yyyy-mm}…` (the month documents of before, the day folders of now).
 * Each prefix is looked up once and its first month kept (on Blobs, finding
 * the first key lists them all): a new record is never older than the ones
 * stored before it.
 * @example await firstMonth(app, ['responses/', 'feedback/responses/'])
 */
export async function firstMonth(app: App, prefixes: readonly string[]): Promise<string | undefined> {
  const known = (await app.store.read(firstMonthsDoc)).months;
  const found: Record<string, string> = {};
  const firsts = await Promise.all(
    prefixes.map(async (prefix) => {
      if (known[prefix]) return known[prefix];
      const month = (await app.store.firstKey(prefix))?.slice(prefix.length, prefix.length + 7);
      if (!month || !/^\d{4}-\d{2}$/.test(month)) return undefined;
      found[prefix] = month;
      return month;
    }),
  );
  if (Object.keys(found).length > 0) await app.store.update(firstMonthsDoc, (draft) => void Object.assign(draft.months, found));
  return firsts.filter((month) => month !== undefined).sort()[0];
}

/** A month's pack: the closed days' records, reduced to what the dashboard needs. */
export interface MonthPack<T> {
  through: string | null;
  items: T[];
}

/**
 * Records of a period, oldest first, read from month packs instead of one
 * document per record: closed days are copied (reduced by `read`) into their
 * month's pack once, open days are read from their records. A view over all
 * history then reads one document per month plus today's records.
 * @example await packedMonths(app, { pack: cardPackDoc, prefixes: ['cards/days/'], read, at: (e) => e.at }, {})
 */
export async function packedMonths<T>(
  app: App,
  source: {
    pack: (month: string) => Doc<MonthPack<T>>;
    /** Where the records' keys start with `{yyyy-mm}`: where a listing without a start begins. */
    prefixes: readonly string[];
    /** The records between two instants, reduced to pack items, oldest first. */
    read: (from: Date, to: Date) => Promise<T[]>;
    at: (item: T) => string;
  },
  period: { from?: Date; to?: Date },
): Promise<T[]> {
  const open = openFrom(app);
  const first = period.from ? undefined : await firstMonth(app, source.prefixes);
  const from = period.from ?? (first ? new Date(`${first}-01T00:00:00Z`) : undefined);
  if (!from) return [];
  const to = period.to ?? new Date(app.now().getTime() + 1);
  const closedEnd = Math.min(to.getTime(), dayStart(open));
  const packs = await Promise.all(
    (from.getTime() < closedEnd ? monthsBetween(from, new Date(closedEnd)) : []).map(async (month) => {
      const pack = await settledMonth(app, source.pack(month), month, open, async (start, end) => {
        const items = await source.read(start, end);
        return (draft) => void draft.items.push(...items.filter((item) => draft.through === null || source.at(item).slice(0, 10) > draft.through));
      });
      return pack.items;
    }),
  );
  const [start, end, openStart] = [from.toISOString(), to.toISOString(), new Date(dayStart(open)).toISOString()];
  const closed = packs.flat().filter((item) => source.at(item) >= start && source.at(item) < end && source.at(item) < openStart);
  const live = to.getTime() > dayStart(open) ? await source.read(new Date(Math.max(from.getTime(), dayStart(open))), to) : [];
  return [...closed, ...live];
}
