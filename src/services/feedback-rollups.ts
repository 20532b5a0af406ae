import { z } from 'zod';
import type { App } from '../app.ts';
import { foldDays, type DayRollup } from '../domain/feedback-rollup.ts';
import type { SurveyRules } from '../domain/survey.ts';
import { locales } from '../i18n/locales.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { listResponses } from './responses.ts';

/**
 * The survey rollups the dashboard reads instead of every response:
 *
 *   rollups/responses/{yyyy-mm}   { through, days: DayRollup[] }
 *
 * A day is closed `SETTLE_MS` after it ends (a response stamped 23:59:59 may
 * still be on its way). The first view after a day closes folds it once from
 * its responses into its month's rollup; days still open are folded on the fly
 * from their responses, never stored. A closed day's responses never change
 * in what a rollup counts (an erasure removes contact details only).
 */
export const SETTLE_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

const tallySchema = z.object({
  responses: z.number().int().min(0),
  texts: z.number().int().min(0),
  answers: z.record(z.string(), z.record(z.string(), z.number().int().min(0))),
});
const dayRollupSchema = z.object({
  day: z.string(),
  groups: z.array(z.object({ survey: z.string(), locale: z.enum(locales), location: z.string().nullable(), product: z.string().nullable(), tally: tallySchema })),
});
const monthRollupSchema = z.object({
  /** The last day folded (`2026-11-25`), or null before any. */
  through: z.string().nullable(),
  /** The folded days that had responses, oldest first. */
  days: z.array(dayRollupSchema),
});
export type MonthRollup = z.infer<typeof monthRollupSchema>;

export const feedbackRollupDoc = (month: string): Doc<MonthRollup> =>
  defineDoc(`rollups/responses/${month}`, monthRollupSchema, () => ({ through: null, days: [] }));

const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The months (`2026-11`) from the one holding `from` to the one holding the last instant before `to`. */
function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  const last = dayOf(to.getTime() - 1).slice(0, 7);
  for (let at = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)); at.toISOString().slice(0, 7) <= last; at.setUTCMonth(at.getUTCMonth() + 1)) {
    months.push(at.toISOString().slice(0, 7));
  }
  return months;
}

/** Folds the responses between two instants. */
async function foldLive(app: App, surveys: ReadonlyMap<string, SurveyRules>, from: number, to: number): Promise<DayRollup[]> {
  return from < to ? foldDays(surveys, await listResponses(app, { from: new Date(from), to: new Date(to) })) : [];
}

/**
 * One month's closed days, from its stored rollup, folding (and storing) the
 * closed days it does not hold yet.
 */
async function closedDays(app: App, surveys: ReadonlyMap<string, SurveyRules>, month: string, settledDay: string): Promise<DayRollup[]> {
  const doc = feedbackRollupDoc(month);
  const stored = await app.store.read(doc);
  const nextMonth = dayOf(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  const lastClosed = dayOf(Math.min(dayStart(nextMonth), dayStart(settledDay)) - DAY_MS);
  if (lastClosed < `${month}-01` || (stored.through !== null && stored.through >= lastClosed)) return stored.days;
  const firstMissing = stored.through === null ? `${month}-01` : dayOf(dayStart(stored.through) + DAY_MS);
  const folded = await foldLive(app, surveys, dayStart(firstMissing), dayStart(lastClosed) + DAY_MS);
  return app.store.update(doc, (draft) => {
    // Another view may have folded some of these days meanwhile: keep what it stored.
    if (draft.through === null || draft.through < lastClosed) {
      draft.days.push(...folded.filter((day) => draft.through === null || day.day > draft.through));
      draft.through = lastClosed;
    }
    return structuredClone(draft.days);
  });
}

/**
 * The day rollups of every day between `from` (inclusive) and `to` (exclusive)
 * that had responses, oldest first: closed days from the stored rollups, the
 * rest folded from their responses. Whole days: `from` counts from the start of its day.
 * @example await feedbackDays(app, surveys, new Date('2026-09-01'), new Date('2026-12-01'))
 */
export async function feedbackDays(app: App, surveys: ReadonlyMap<string, SurveyRules>, from: Date, to: Date): Promise<DayRollup[]> {
  const settledDay = dayOf(app.now().getTime() - SETTLE_MS);
  const stored = await Promise.all(monthsBetween(from, to).map((month) => closedDays(app, surveys, month, settledDay)));
  const [first, last] = [dayOf(from.getTime()), dayOf(to.getTime() - 1)];
  const open = await foldLive(app, surveys, Math.max(dayStart(first), dayStart(settledDay)), to.getTime());
  return [...stored.flat().filter((day) => day.day >= first && day.day <= last && day.day < settledDay), ...open];
}
