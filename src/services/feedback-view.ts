import type { App } from '../app.ts';
import { dayTallies, totalOf, type DayRollup } from '../domain/feedback-rollup.ts';
import { distribution, filterResponses, scoresOfTally, trendOfDays, type Filters, type Scores } from '../domain/feedback-stats.ts';
import type { Page } from '../domain/paging.ts';
import type { Unit } from '../domain/periods.ts';
import type { QuestionRules, SurveyRules } from '../domain/survey.ts';
import { feedbackDays } from './feedback-rollups.ts';
import { listResponses, type SurveyResponse } from './responses.ts';

/**
 * What the owner's feedback page shows for a survey, a range and filters: the
 * figures and trends from the rollups, and one page of written answers, newest
 * first, read from the few days that hold them.
 */
export interface FeedbackView<Q extends QuestionRules = QuestionRules> {
  scores: Scores;
  periods: { start: Date; scores: Scores }[];
  /** Per scored question, in survey order: how many answers each value got. */
  distributions: { question: Q; rows: { value: string; count: number }[] }[];
  /** Locations and products seen in the range (with any filter but the survey's), e.g. to offer "unknown". */
  seen: { locations: Set<string | null>; products: Set<string | null> };
  texts: TextsPage<Q>;
}

/** Responses with a written answer in the range and filters (`total`), one page of them. */
export type TextsPage<Q extends QuestionRules = QuestionRules> = Page<{ response: SurveyResponse; texts: { question: Q; text: string }[] }>;

export const TEXTS_PER_PAGE = 20;

export interface FeedbackQuery<Q extends QuestionRules = QuestionRules> {
  survey: { id: string; rules: { questions: Q[] } };
  filters: Filters;
  range: { from: Date; to: Date; end: Date; unit: Unit };
  /** 1-based page of written answers. */
  page: number;
}

/** @example await feedbackView(app, catalog.surveyMap, { survey: { id, rules }, filters, range, page: 1 }) */
export async function feedbackView<Q extends QuestionRules>(app: App, surveys: ReadonlyMap<string, SurveyRules>, query: FeedbackQuery<Q>): Promise<FeedbackView<Q>> {
  const { survey, range } = query;
  const filters = { ...query.filters, survey: survey.id };
  const days = await feedbackDays(app, surveys, range.from, range.end);
  const tallies = dayTallies(days, filters);
  const total = totalOf(tallies);
  const ofSurvey = days.flatMap((day) => day.groups).filter((group) => group.survey === survey.id);
  return {
    scores: scoresOfTally(survey.rules, total),
    periods: trendOfDays(survey.rules, tallies, range.from, range.to, range.unit),
    distributions: survey.rules.questions.flatMap((question) => {
      const rows = distribution(question, total);
      return rows ? [{ question, rows }] : [];
    }),
    seen: { locations: new Set(ofSurvey.map((g) => g.location)), products: new Set(ofSurvey.map((g) => g.product)) },
    texts: await textsPage(app, survey.rules, days, filters, query.page),
  };
}

const textKinds = new Set(['short-text', 'long-text']);

/** One page of the responses with a written answer, newest first: the rollups say which days to read. */
async function textsPage<Q extends QuestionRules>(app: App, survey: { questions: Q[] }, days: readonly DayRollup[], filters: Filters, wanted: number): Promise<TextsPage<Q>> {
  const withTexts = dayTallies(days, filters).filter((day) => day.tally.texts > 0).reverse();
  const total = withTexts.reduce((sum, day) => sum + day.tally.texts, 0);
  const pages = Math.max(1, Math.ceil(total / TEXTS_PER_PAGE));
  const page = Math.min(Math.max(1, wanted), pages);
  const skip = (page - 1) * TEXTS_PER_PAGE;
  // The days holding items skip … skip + size − 1, and how many newer items come before the first of them.
  let before = 0;
  let taken = 0;
  const needed: string[] = [];
  for (const { day, tally } of withTexts) {
    if (needed.length === 0 && before + tally.texts <= skip) {
      before += tally.texts;
      continue;
    }
    needed.push(day);
    taken += tally.texts;
    if (before + taken >= skip + TEXTS_PER_PAGE) break;
  }
  if (needed.length === 0) return { total, page, pages, items: [], first: 0 };
  const from = new Date(`${needed.at(-1)}T00:00:00Z`);
  const to = new Date(Date.parse(`${needed[0]}T00:00:00Z`) + 86_400_000);
  const questions = survey.questions.filter((question) => textKinds.has(question.kind));
  const items = filterResponses(await listResponses(app, { from, to, survey: filters.survey }), filters)
    .reverse()
    .map((response) => ({
      response,
      texts: questions.flatMap((question) => {
        const text = response.answers[question.id];
        return typeof text === 'string' && text.trim() !== '' ? [{ question, text }] : [];
      }),
    }))
    .filter((item) => item.texts.length > 0);
  const offset = skip - before;
  return { total, page, pages, items: items.slice(offset, offset + TEXTS_PER_PAGE), first: skip + 1 };
}
