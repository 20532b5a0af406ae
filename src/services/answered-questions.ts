import { z } from 'zod';
import type { App } from '../app.ts';
import { countAnswers, type AnswerCounts } from '../cms/safety.ts';
import { defineDoc } from '../store/store.ts';
import { listResponses } from './responses.ts';
import { DAY_MS, dayStart, openFrom } from './rollup-months.ts';
import { foldedThrough } from './running-rollup.ts';
import { dayOf } from '../domain/periods.ts';

/**
 * How many stored answers each survey question id has (for the content
 * editor's warning), kept as a running rollup instead of reading every response:
 *
 *   rollups/answers   { through, counts: { [survey]: { [question]: answers } } }
 *
 * Closed days are folded once (the first call of an upgraded shop reads all
 * history once); the open days' responses are counted on the fly.
 */
const countsSchema = z.record(z.string(), z.record(z.string(), z.number().int().min(0)));
export const answersDoc = defineDoc('rollups/answers', z.object({ through: z.string().nullable(), counts: countsSchema }), () => ({ through: null, counts: {} }));

/** @example await answeredQuestions(app) → { feedback: { overall: 118, nps: 120 } } */
export async function answeredQuestions(app: App): Promise<AnswerCounts> {
  const open = dayStart(openFrom(app));
  const [stored, today] = await Promise.all([
    foldedThrough(app, answersDoc, dayOf(open - DAY_MS), async (stored, from, to) => ({ counts: countAnswers(await listResponses(app, { from, to }), stored?.counts) })),
    listResponses(app, { from: new Date(open) }),
  ]);
  return countAnswers(today, stored.counts);
}
