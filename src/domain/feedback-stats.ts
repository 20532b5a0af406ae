import type { Locale } from '../i18n/locales.ts';
import { periodStart, periodsBetween, type Unit } from './periods.ts';
import { isSatisfied, npsCategory, type Answers, type QuestionRules, type SurveyRules } from './survey.ts';

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

/**
 * What the figures need from some responses, without the responses: how many,
 * how many had a text answer, and how often each value of each scored question
 * (rating, NPS, choice) was answered. Tallies add up, so a day's tally is
 * stored once and any period sums its days.
 */
export interface Tally {
  responses: number;
  /** Responses with at least one written (text) answer. */
  texts: number;
  /** By question id, then answer value ("4", "10", "taste"): how many times it was answered. */
  answers: Record<string, Record<string, number>>;
}

export const emptyTally = (): Tally => ({ responses: 0, texts: 0, answers: {} });

const scoredKinds = new Set(['rating', 'nps', 'single', 'multiple']);
const textKinds = new Set(['short-text', 'long-text']);

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

export interface Scores {
  responses: number;
  /** NPS answers in each category. */
  promoters: number;
  passives: number;
  detractors: number;
  /** −100…100, unrounded; null without an NPS answer. */
  nps: number | null;
  /** Answers to the headline satisfaction question (the survey's first 1–5 rating). */
  ratings: number;
  /** % of those rated 4 or 5, unrounded; null without one. */
  csat: number | null;
  /** Their mean, 1–5; null without one. */
  averageRating: number | null;
}

/** The question whose 1–5 answers make the headline CSAT: the survey's first rating ("overall satisfaction"). */
export function csatQuestion(survey: SurveyRules): QuestionRules | undefined {
  return survey.questions.find((question) => question.kind === 'rating');
}

/**
 * Count, NPS and CSAT of some responses to one survey.
 * @example scoresOf(survey, responses) → { responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25, csat: 75, … }
 */
export function scoresOf(survey: SurveyRules, responses: readonly ResponseFacts[]): Scores {
  return scoresOfTally(survey, tallyOf(survey, responses));
}

/** Count, NPS and CSAT from a tally of one survey's responses. */
export function scoresOfTally(survey: SurveyRules, tally: Tally): Scores {
  const npsQuestion = survey.questions.find((question) => question.kind === 'nps');
  const headline = csatQuestion(survey);
  const entries = (question: QuestionRules | undefined) => Object.entries((question && tally.answers[question.id]) ?? {}).map(([value, count]) => [Number(value), count] as const);
  const npsCounts = { promoter: 0, passive: 0, detractor: 0 };
  for (const [score, count] of entries(npsQuestion)) npsCounts[npsCategory(score)] += count;
  const npsAnswers = npsCounts.promoter + npsCounts.passive + npsCounts.detractor;
  let rated = 0;
  let satisfied = 0;
  let sum = 0;
  for (const [rating, count] of entries(headline)) {
    rated += count;
    sum += rating * count;
    if (isSatisfied(rating)) satisfied += count;
  }
  return {
    responses: tally.responses,
    promoters: npsCounts.promoter,
    passives: npsCounts.passive,
    detractors: npsCounts.detractor,
    nps: npsAnswers ? ((npsCounts.promoter - npsCounts.detractor) / npsAnswers) * 100 : null,
    ratings: rated,
    csat: rated ? (satisfied / rated) * 100 : null,
    averageRating: rated ? sum / rated : null,
  };
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

/** The values a scored question can take, in order (1–5, 0–10, its options); undefined for text questions. */
export function scale(question: QuestionRules): string[] | undefined {
  return question.kind === 'rating' ? ['1', '2', '3', '4', '5']
    : question.kind === 'nps' ? Array.from({ length: 11 }, (_, score) => String(score))
    : question.kind === 'single' || question.kind === 'multiple' ? (question.options ?? []).map((option) => option.value)
    : undefined;
}

/** How many answers each option (or score) of a question got, from a tally; text questions have none. */
export function distribution(question: QuestionRules, tally: Tally): { value: string; count: number }[] | undefined {
  const counts = tally.answers[question.id] ?? {};
  return scale(question)?.map((value) => ({ value, count: counts[value] ?? 0 }));
}
