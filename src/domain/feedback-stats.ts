import type { Locale } from '../i18n/locales.ts';
import { periodStart, periodsBetween, type Unit } from './periods.ts';
import { csat, nps, npsCategory, npsScore, ratings, type Answers, type QuestionRules, type SurveyRules } from './survey.ts';

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

/** The responses that match every filter given; "none" matches responses that had no location/product. */
export function filterResponses<R extends ResponseFacts>(responses: readonly R[], filters: Filters): R[] {
  const matches = (wanted: string | undefined, value: string | null) => !wanted || (wanted === 'none' ? value === null : value === wanted);
  return responses.filter(
    (r) =>
      (!filters.survey || r.survey === filters.survey) &&
      matches(filters.location, r.location) &&
      matches(filters.product, r.product) &&
      (!filters.locale || r.locale === filters.locale),
  );
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
  const npsAnswers = responses.map((r) => npsScore(survey, r.answers)).filter((score) => score !== undefined);
  const headline = csatQuestion(survey);
  const rated = headline ? responses.map((r) => ratings(survey, r.answers)[headline.id]).filter((value) => value !== undefined) : [];
  const count = (category: string) => npsAnswers.filter((score) => npsCategory(score) === category).length;
  return {
    responses: responses.length,
    promoters: count('promoter'),
    passives: count('passive'),
    detractors: count('detractor'),
    nps: nps(npsAnswers),
    ratings: rated.length,
    csat: csat(rated),
    averageRating: rated.length ? rated.reduce((sum, value) => sum + value, 0) / rated.length : null,
  };
}

/**
 * Scores per week or month from `from` to `to`, empty periods included (they
 * show as gaps, not as zero NPS).
 * @example trend(survey, responses, new Date('2026-09-01'), new Date('2026-11-30'), 'month') → [{ start, scores }, …3]
 */
export function trend(survey: SurveyRules, responses: readonly ResponseFacts[], from: Date, to: Date, unit: Unit): { start: Date; scores: Scores }[] {
  const buckets = Map.groupBy(responses, (response) => periodStart(new Date(response.submittedAt), unit).getTime());
  return periodsBetween(from, to, unit).map((start) => ({ start, scores: scoresOf(survey, buckets.get(start.getTime()) ?? []) }));
}

/** How many answers each option (or score) of a question got; text questions have none. */
export function distribution(question: QuestionRules, responses: readonly ResponseFacts[]): { value: string; count: number }[] | undefined {
  const values =
    question.kind === 'rating' ? ['1', '2', '3', '4', '5']
    : question.kind === 'nps' ? Array.from({ length: 11 }, (_, score) => String(score))
    : question.kind === 'single' || question.kind === 'multiple' ? (question.options ?? []).map((option) => option.value)
    : undefined;
  if (!values) return undefined;
  const counts = new Map(values.map((value) => [value, 0]));
  for (const response of responses) {
    const answer = response.answers[question.id];
    for (const value of Array.isArray(answer) ? answer : answer === undefined ? [] : [String(answer)]) {
      if (counts.has(value)) counts.set(value, counts.get(value)! + 1);
    }
  }
  return values.map((value) => ({ value, count: counts.get(value)! }));
}
