import type { App } from '../app.ts';
import { rangeFrom, type Range } from '../dashboard/range.ts';
import type { Question, Survey } from '../catalog/survey.ts';
import { pageWindow, type Page } from '../domain/paging.ts';
import { dayOf, periodsBetween } from '../domain/periods.ts';
import { isLocale, type Locale } from '../i18n/locales.ts';
import { feedbackCounts, textAnswers, unknownCodesSeen, type FeedbackScope, type StoredResponse } from './queries.ts';
import { distribution, emptyTally, scoredKinds, scoresOfTally, textKinds, type Scores } from './scores.ts';

/** What the owner's feedback page shows for a survey, a range of the shop's days and filters. */
export interface FeedbackView {
  survey: { id: string; survey: Survey };
  range: Range;
  filters: { location: string | undefined; product: string | undefined; locale: Locale | undefined };
  scores: Scores;
  /** Every period of the range, empty ones included (they show as gaps, not as zero NPS). */
  periods: { start: Date; scores: Scores }[];
  /** Per scored question, in survey order: how many answers each value got. */
  distributions: { question: Question; rows: { value: string; count: number }[] }[];
  /** Whether the range holds an unknown location or product (the filters then offer "unknown"). */
  unknownSeen: { location: boolean; product: boolean };
  texts: Page<{ response: StoredResponse; texts: { question: Question; text: string }[] }>;
}

export const TEXTS_PER_PAGE = 20;

/**
 * The feedback page's figures from its address (`?survey=&from=&to=&unit=&location=&product=&language=&page=`);
 * undefined when the shop has no survey. Days are the shop's (`timeZone`).
 * @example await feedbackView(app, catalog.surveys, Astro.url.searchParams, readSite().timeZone)
 */
export async function feedbackView(app: App, surveys: readonly { id: string; survey: Survey }[], params: URLSearchParams, timeZone: string): Promise<FeedbackView | undefined> {
  const chosen = surveys.find((entry) => entry.id === params.get('survey')) ?? surveys[0];
  if (!chosen) return undefined;
  const range = rangeFrom(params, app.now(), timeZone);
  const language = params.get('language');
  const filters = { location: params.get('location') || undefined, product: params.get('product') || undefined, locale: isLocale(language) ? language : undefined };
  const scope: FeedbackScope = { survey: chosen.id, from: dayOf(range.from), to: dayOf(range.to), tz: timeZone, ...filters };
  const { questions } = chosen.survey;
  const texts = questions.filter((q) => textKinds.has(q.kind));
  const scored = questions.filter((q) => scoredKinds.has(q.kind));
  const [{ total, periods }, unknownSeen] = await Promise.all([
    feedbackCounts(app.db, scope, range.unit, { texts: texts.map((q) => q.id), scored: scored.map((q) => ({ id: q.id, numeric: q.kind === 'rating' || q.kind === 'nps' })) }),
    unknownCodesSeen(app.db, scope),
  ]);
  const { skip, ...window } = pageWindow(total.texts, Number(params.get('page')) || 1, TEXTS_PER_PAGE);
  const page = total.texts > 0 ? await textAnswers(app.db, scope, texts.map((q) => q.id), { skip, limit: TEXTS_PER_PAGE }) : [];
  return {
    survey: chosen,
    range,
    filters,
    scores: scoresOfTally(chosen.survey, total),
    periods: periodsBetween(range.from, range.to, range.unit).map((start) => ({ start, scores: scoresOfTally(chosen.survey, periods.get(dayOf(start)) ?? emptyTally()) })),
    distributions: scored.flatMap((question) => {
      const rows = distribution(question, total);
      return rows ? [{ question, rows }] : [];
    }),
    unknownSeen,
    texts: {
      ...window,
      items: page.map((response) => ({
        response,
        texts: texts.flatMap((question) => {
          const text = response.answers[question.id];
          return typeof text === 'string' && text.trim() !== '' ? [{ question, text }] : [];
        }),
      })),
    },
  };
}
