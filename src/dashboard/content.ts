import type { DashboardCatalog } from './catalog.ts';
import type { LadderRules, ScoredSurvey } from './queries.ts';

/** What the owner's figures need from the shop's content (pages pass it from their `DashboardCatalog`). */
export interface FiguresContent {
  /** The surveys by id, in the catalog's order: the first one's scores are the headline figures. */
  surveys: ReadonlyMap<string, { questions: readonly { id: string; kind: string }[] }>;
  stampsPerReward: number;
  /** The shop's clock: months and days of every figure. */
  timeZone: string;
}

/**
 * The survey whose scores head the overview and the summary (the first), with its NPS question and its
 * headline rating (its first 1–5 rating, "overall satisfaction"); undefined without any survey.
 * @example headlineSurvey(content) → { survey: 'feedback', nps: 'nps', rating: 'overall' }
 */
export function headlineSurvey(content: FiguresContent): ScoredSurvey | undefined {
  const [first] = content.surveys;
  if (!first) return undefined;
  const [survey, { questions }] = first;
  return { survey, nps: questions.find((q) => q.kind === 'nps')?.id, rating: questions.find((q) => q.kind === 'rating')?.id };
}

/** What the ladder's statement needs from the content. */
export function ladderRules(content: FiguresContent): LadderRules {
  const npsQuestions = new Map<string, string>();
  for (const [survey, { questions }] of content.surveys) {
    const nps = questions.find((q) => q.kind === 'nps');
    if (nps) npsQuestions.set(survey, nps.id);
  }
  return { timeZone: content.timeZone, stampsPerReward: content.stampsPerReward, npsQuestions };
}

/** The figures' content from the dashboard's catalog. */
export function figuresContent(catalog: DashboardCatalog): FiguresContent {
  return { surveys: catalog.surveyMap, stampsPerReward: catalog.programme.stampsPerReward, timeZone: catalog.timeZone };
}
