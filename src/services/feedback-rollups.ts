import { z } from 'zod';
import type { App } from '../app.ts';
import { foldDays, type DayRollup } from '../domain/feedback-rollup.ts';
import type { SurveyRules } from '../domain/survey.ts';
import { locales } from '../i18n/locales.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { listResponses } from './responses.ts';
import { dayStart, monthsBetween, openFrom, settledMonth } from './rollup-months.ts';
import { dayOf } from '../domain/periods.ts';

/**
 * The survey rollups the dashboard reads instead of every response:
 *
 *   rollups/responses/{yyyy-mm}   { through, days: DayRollup[] }
 *
 * Closed days are folded once (see rollup-months.ts); open days are folded on
 * the fly from their responses, never stored. A closed day's responses never
 * change in what a rollup counts (an erasure removes contact details only).
 */
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

/** Folds the responses between two instants. */
async function foldLive(app: App, surveys: ReadonlyMap<string, SurveyRules>, from: number, to: number): Promise<DayRollup[]> {
  return from < to ? foldDays(surveys, await listResponses(app, { from: new Date(from), to: new Date(to) })) : [];
}

/**
 * The day rollups of every day between `from` (inclusive) and `to` (exclusive)
 * that had responses, oldest first: closed days from the stored rollups, the
 * rest folded from their responses. Whole days: `from` counts from the start of its day.
 * @example await feedbackDays(app, surveys, new Date('2026-09-01'), new Date('2026-12-01'))
 */
export async function feedbackDays(app: App, surveys: ReadonlyMap<string, SurveyRules>, from: Date, to: Date): Promise<DayRollup[]> {
  const settledDay = openFrom(app);
  const stored = await Promise.all(
    monthsBetween(from, to).map(async (month) => {
      const rollup = await settledMonth(app, feedbackRollupDoc(month), month, settledDay, async (start, end) => {
        const folded = await foldLive(app, surveys, start.getTime(), end.getTime());
        return (draft) => void draft.days.push(...folded.filter((day) => draft.through === null || day.day > draft.through));
      });
      return rollup.days;
    }),
  );
  const [first, last] = [dayOf(from.getTime()), dayOf(to.getTime() - 1)];
  const open = await foldLive(app, surveys, Math.max(dayStart(first), dayStart(settledDay)), to.getTime());
  return [...stored.flat().filter((day) => day.day >= first && day.day <= last && day.day < settledDay), ...open];
}
