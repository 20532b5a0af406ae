import type { Locale } from '../i18n/locales.ts';
import type { Answers, SurveyRules } from '../surveys/answers.ts';
import { emptyTally, scoredKinds, scoresOfTally, textKinds, type Scores, type Tally } from '../surveys/scores.ts';
import { periodStart, periodsBetween, type Unit } from './periods.ts';

// The scores moved to src/surveys/scores.ts; the folds below still use them.
export { distribution, emptyTally, scoresOfTally, type Scores, type Tally } from '../surveys/scores.ts';

/**
 * The owner's view of survey answers: counts, NPS, CSAT and each question's
 * spread, over a range of weeks or months, filtered. Pure: the responses and
 * the range are passed in. Scores come from src/domain/survey.ts.
 */

/** What the statistics need from a stored response. */
export interface ResponseFacts {
  survey: string;
  locale: Locale;
  location: string | null;
  product: string | null;
  answers: Answers;
  /** ISO date-time. */
  submittedAt: string;
}

export interface Filters {
  survey?: string | undefined;
  location?: string | undefined;
  product?: string | undefined;
  locale?: Locale | undefined;
}

/** What filters look at: the survey and the context of a response (or of a group of them). */
export type Context = Pick<ResponseFacts, 'survey' | 'locale' | 'location' | 'product'>;

/** The responses (or groups) that match every filter given; "none" matches those that had no location/product. */
export function filterResponses<R extends Context>(responses: readonly R[], filters: Filters): R[] {
  const matches = (wanted: string | undefined, value: string | null) => !wanted || (wanted === 'none' ? value === null : value === wanted);
  return responses.filter(
    (r) =>
      (!filters.survey || r.survey === filters.survey) &&
      matches(filters.location, r.location) &&
      matches(filters.product, r.product) &&
      (!filters.locale || r.locale === filters.locale),
  );
}

/** Adds one response's answers to a tally (in place). */
export function addToTally(tally: Tally, survey: SurveyRules | undefined, answers: Answers): void {
  tally.responses += 1;
  let wrote = false;
  for (const question of survey?.questions ?? []) {
    const answer = answers[question.id];
    if (answer === undefined) continue;
    if (textKinds.has(question.kind)) wrote ||= typeof answer === 'string' && answer.trim() !== '';
    if (!scoredKinds.has(question.kind)) continue;
    // Scores are numbers and choices strings, as the answers schema stores them.
    if ((question.kind === 'rating' || question.kind === 'nps') && typeof answer !== 'number') continue;
    const counts = (tally.answers[question.id] ??= {});
    for (const value of Array.isArray(answer) ? answer : [String(answer)]) counts[value] = (counts[value] ?? 0) + 1;
  }
  if (wrote) tally.texts += 1;
}

/** Adds `from` into `into` (in place). */
export function mergeTally(into: Tally, from: Tally): Tally {
  into.responses += from.responses;
  into.texts += from.texts;
  for (const [question, counts] of Object.entries(from.answers)) {
    const target = (into.answers[question] ??= {});
    for (const [value, count] of Object.entries(counts)) target[value] = (target[value] ?? 0) + count;
  }
  return into;
}

/** The tally of some responses to one survey. */
export function tallyOf(survey: SurveyRules, responses: readonly ResponseFacts[]): Tally {
  const tally = emptyTally();
  for (const response of responses) addToTally(tally, survey, response.answers);
  return tally;
}

/**
 * Count, NPS and CSAT of some responses to one survey.
 * @example scoresOf(survey, responses) → { responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25, csat: 75, … }
 */
export function scoresOf(survey: SurveyRules, responses: readonly ResponseFacts[]): Scores {
  return scoresOfTally(survey, tallyOf(survey, responses));
}

/** The tally of one UTC day (`2026-11-26`). */
export interface DayTally {
  day: string;
  tally: Tally;
}

/**
 * Scores per week or month from `from` to `to`, empty periods included (they
 * show as gaps, not as zero NPS).
 * @example trend(survey, responses, new Date('2026-09-01'), new Date('2026-11-30'), 'month') → [{ start, scores }, …3]
 */
export function trend(survey: SurveyRules, responses: readonly ResponseFacts[], from: Date, to: Date, unit: Unit): { start: Date; scores: Scores }[] {
  const days = Map.groupBy(responses, (response) => response.submittedAt.slice(0, 10));
  return trendOfDays(survey, [...days].map(([day, list]) => ({ day, tally: tallyOf(survey, list) })), from, to, unit);
}

/** `trend()` from day tallies (the stored rollups). */
export function trendOfDays(survey: SurveyRules, days: readonly DayTally[], from: Date, to: Date, unit: Unit): { start: Date; scores: Scores }[] {
  const buckets = new Map<number, Tally>();
  for (const { day, tally } of days) {
    const key = periodStart(new Date(`${day}T00:00:00Z`), unit).getTime();
    const bucket = buckets.get(key) ?? emptyTally();
    buckets.set(key, mergeTally(bucket, tally));
  }
  return periodsBetween(from, to, unit).map((start) => ({ start, scores: scoresOfTally(survey, buckets.get(start.getTime()) ?? emptyTally()) }));
}
