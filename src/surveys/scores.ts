import type { Answers, QuestionRules, SurveyRules } from './answers.ts';

/** What answers mean to the owner: NPS categories, complaints, and the scores of a tally (counted by queries.ts). */

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** 9–10 promoter, 7–8 passive, 0–6 detractor. @example npsCategory(9) → 'promoter' */
export function npsCategory(score: number): NpsCategory {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/** The 0–10 answer of the survey's NPS question, if answered. @example npsScore(survey, { nps: 9 }) → 9 */
export function npsScore(survey: SurveyRules, answers: Answers): number | undefined {
  const question = survey.questions.find((q) => q.kind === 'nps');
  const value = question ? answers[question.id] : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** What makes a response a complaint: a low NPS, a low rating, or a "what went wrong" text. */
export type ComplaintReason =
  | { kind: 'nps'; question: string; score: number }
  | { kind: 'rating'; question: string; score: number }
  | { kind: 'text'; question: string };

/**
 * The reasons this response is a complaint (NPS <= 6, a rating <= 2, a complaint text); empty when it is not.
 * @example complaintReasons(survey, { overall: 5, nps: 4 }) → [{ kind: 'nps', question: 'nps', score: 4 }]
 */
export function complaintReasons(survey: SurveyRules, answers: Answers): ComplaintReason[] {
  const reasons: ComplaintReason[] = [];
  for (const question of survey.questions) {
    const value = answers[question.id];
    if (question.kind === 'nps' && typeof value === 'number' && value <= 6) reasons.push({ kind: 'nps', question: question.id, score: value });
    if (question.kind === 'rating' && typeof value === 'number' && value <= 2) reasons.push({ kind: 'rating', question: question.id, score: value });
    if (question.kind === 'long-text' && question.complaint && typeof value === 'string' && value.trim() !== '') reasons.push({ kind: 'text', question: question.id });
  }
  return reasons;
}

/** What the figures need from some responses, without the responses. */
export interface Tally {
  responses: number;
  /** Responses with at least one written (text) answer. */
  texts: number;
  /** By question id, then answer value ("4", "10", "taste"): how many times it was answered. */
  answers: Record<string, Record<string, number>>;
}

export const emptyTally = (): Tally => ({ responses: 0, texts: 0, answers: {} });

/** The question kinds whose answers are counted by value. */
export const scoredKinds: ReadonlySet<string> = new Set(['rating', 'nps', 'single', 'multiple']);
/** The question kinds whose answers are written text. */
export const textKinds: ReadonlySet<string> = new Set(['short-text', 'long-text']);

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

/**
 * Count, NPS and CSAT from a tally of one survey's responses.
 * @example scoresOfTally(survey, { responses: 2, texts: 0, answers: { nps: { '10': 1, '3': 1 } } }).nps → 0
 */
export function scoresOfTally(survey: SurveyRules, tally: Tally): Scores {
  const npsQuestion = survey.questions.find((question) => question.kind === 'nps');
  // The headline CSAT: the survey's first 1–5 rating ("overall satisfaction"), where 4 or 5 counts as satisfied.
  const headline = survey.questions.find((question) => question.kind === 'rating');
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
    if (rating >= 4) satisfied += count;
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

/** The values a scored question can take, in order (1–5, 0–10, its options); undefined for text questions. */
export function scale(question: QuestionRules): string[] | undefined {
  return question.kind === 'rating' ? ['1', '2', '3', '4', '5']
    : question.kind === 'nps' ? Array.from({ length: 11 }, (_, score) => String(score))
    : question.kind === 'single' || question.kind === 'multiple' ? (question.options ?? []).map((option) => option.value)
    : undefined;
}

/**
 * How many answers each option (or score) of a question got, from a tally; text questions have none.
 * @example distribution(overall, tally) → [{ value: '1', count: 0 }, … { value: '5', count: 3 }]
 */
export function distribution(question: QuestionRules, tally: Tally): { value: string; count: number }[] | undefined {
  const counts = tally.answers[question.id] ?? {};
  return scale(question)?.map((value) => ({ value, count: counts[value] ?? 0 }));
}
