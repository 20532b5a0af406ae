import type { Locale } from '../i18n/locales.ts';
import { addToTally, emptyTally, filterResponses, mergeTally, type DayTally, type Filters, type ResponseFacts, type Tally } from './feedback-stats.ts';
import type { SurveyRules } from './survey.ts';

/**
 * Rollups of survey responses: per UTC day, one tally per survey, language,
 * location and product seen that day. A closed day's rollup is folded once from
 * its responses and stored; the dashboard sums rollups instead of reading every
 * response. Pure: responses, survey definitions and days are passed in.
 */

/** The responses of one day that share a survey, language, location and product. */
export interface Group {
  survey: string;
  locale: Locale;
  location: string | null;
  product: string | null;
  tally: Tally;
}

/** One UTC day's groups. */
export interface DayRollup {
  /** `2026-11-26` */
  day: string;
  groups: Group[];
}

/**
 * Folds responses into one rollup per UTC day that has any, oldest day first.
 * Questions are looked up in `surveys` (by survey id); a response to a survey
 * that no longer exists still counts, without its answers.
 * @example foldDays(surveys, responses) → [{ day: '2026-11-25', groups: [{ survey: 'feedback', locale: 'en', location: 'counter', product: null, tally }] }]
 */
export function foldDays(surveys: ReadonlyMap<string, SurveyRules>, responses: readonly ResponseFacts[]): DayRollup[] {
  const days = new Map<string, Map<string, Group>>();
  for (const response of responses) {
    const day = response.submittedAt.slice(0, 10);
    const groups = days.get(day) ?? new Map<string, Group>();
    days.set(day, groups);
    const key = JSON.stringify([response.survey, response.locale, response.location, response.product]);
    let group = groups.get(key);
    if (!group) {
      group = { survey: response.survey, locale: response.locale, location: response.location, product: response.product, tally: emptyTally() };
      groups.set(key, group);
    }
    addToTally(group.tally, surveys.get(response.survey), response.answers);
  }
  return [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, groups]) => ({ day, groups: [...groups.values()] }));
}

/** Each day's tally of the groups that match the filters (days without a match are left out). */
export function dayTallies(days: readonly DayRollup[], filters: Filters): DayTally[] {
  return days.flatMap(({ day, groups }) => {
    const matching = filterResponses(groups, filters);
    return matching.length ? [{ day, tally: matching.reduce((sum, group) => mergeTally(sum, group.tally), emptyTally()) }] : [];
  });
}

/** The sum of day tallies. */
export function totalOf(days: readonly DayTally[]): Tally {
  return days.reduce((sum, day) => mergeTally(sum, day.tally), emptyTally());
}
