import { describe, expect, test } from 'vitest';
import { dayTallies, foldDays, totalOf } from '../../src/domain/feedback-rollup.ts';
import { filterResponses, scoresOf, scoresOfTally, trend, trendOfDays, type Filters } from '../../src/domain/feedback-stats.ts';
import { responses, survey } from '../fixtures/feedback.ts';

const surveys = new Map([['feedback', survey]]);

describe('foldDays()', () => {
  test('one rollup per UTC day, one group per survey, language, location and product seen that day', () => {
    const days = foldDays(surveys, responses);
    expect(days.map((d) => d.day)).toEqual(['2026-10-05', '2026-10-06', '2026-10-20', '2026-11-02', '2026-11-03', '2026-11-10', '2026-11-24', '2026-11-25']);
    const [first] = days;
    expect(first!.groups).toEqual([
      { survey: 'feedback', locale: 'en', location: 'counter', product: null, tally: { responses: 1, texts: 0, answers: { overall: { 5: 1 }, value: { 4: 1 }, nps: { 10: 1 }, visit: { here: 1 }, liked: { taste: 1, service: 1 } } } },
    ]);
  });

  test('written answers are counted, never stored in the rollup', () => {
    const days = foldDays(surveys, responses);
    expect(totalOf(dayTallies(days, {})).texts).toBe(3);
    expect(JSON.stringify(days)).not.toContain('Cold coffee');
  });

  test('a response to a survey that no longer exists still counts, without its answers', () => {
    const [day] = foldDays(new Map(), [responses[0]!]);
    expect(day!.groups[0]!.tally).toEqual({ responses: 1, texts: 0, answers: {} });
  });
});

describe('figures from rollups equal figures from the responses', () => {
  test.each<Filters>([{}, { location: 'tables' }, { location: 'none' }, { product: 'house-blend' }, { locale: 'es' }, { locale: 'es', product: 'house-blend' }, { survey: 'other' }])(
    'filters %o: the same scores and the same weekly and monthly trend',
    (filters) => {
      const tallies = dayTallies(foldDays(surveys, responses), filters);
      const kept = filterResponses(responses, filters);
      expect(scoresOfTally(survey, totalOf(tallies))).toEqual(scoresOf(survey, kept));
      for (const unit of ['week', 'month'] as const) {
        expect(trendOfDays(survey, tallies, new Date('2026-10-01'), new Date('2026-11-30'), unit)).toEqual(trend(survey, kept, new Date('2026-10-01'), new Date('2026-11-30'), unit));
      }
    },
  );
});
