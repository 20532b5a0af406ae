import { describe, expect, test } from 'vitest';
import { distribution, filterResponses, scoresOf, tallyOf, trend } from '../../src/domain/feedback-stats.ts';
import { countPer, dayOf, monthOf, nextPeriod, periodStart, periodsBetween } from '../../src/domain/periods.ts';
import { responses, survey } from '../fixtures/feedback.ts';

const question = (id: string) => survey.questions.find((q) => q.id === id)!;

describe('scoresOf()', () => {
  test('counts promoters, passives and detractors and computes NPS, CSAT and the average rating (fixture worked by hand)', () => {
    const scores = scoresOf(survey, responses);
    expect(scores).toMatchObject({ responses: 8, promoters: 3, passives: 2, detractors: 3, nps: 0, ratings: 7 });
    expect(scores.csat).toBeCloseTo((4 / 7) * 100, 10);
    expect(scores.averageRating).toBeCloseTo(24 / 7, 10);
  });

  test('October alone: 3 promoters of 3 → NPS 100, CSAT 100', () => {
    const october = responses.filter((r) => r.submittedAt < '2026-11');
    expect(scoresOf(survey, october)).toMatchObject({ responses: 3, promoters: 3, nps: 100, csat: 100, averageRating: 14 / 3 });
  });

  test('no responses: zero counts and null scores, never NaN', () => {
    expect(scoresOf(survey, [])).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ratings: 0, csat: null, averageRating: null });
  });
});

describe('filterResponses()', () => {
  test.each([
    [{ location: 'tables' }, 2],
    [{ location: 'none' }, 1],
    [{ product: 'house-blend' }, 2],
    [{ locale: 'es' as const }, 2],
    [{ locale: 'es' as const, product: 'house-blend' }, 1],
    [{ survey: 'other' }, 0],
    [{}, 8],
  ])('%o keeps %i responses', (filters, count) => {
    expect(filterResponses(responses, filters)).toHaveLength(count);
  });
});

describe('periods (src/domain/periods.ts)', () => {
  test('dayOf() and monthOf() are the UTC day and month, of a date, an ISO string or a time', () => {
    const late = '2026-11-30T23:30:00-02:00';
    expect([dayOf(new Date(late)), dayOf(late), dayOf(Date.parse(late))]).toEqual(['2026-12-01', '2026-12-01', '2026-12-01']);
    expect([monthOf(new Date(late)), monthOf(late), monthOf(Date.parse(late))]).toEqual(['2026-12', '2026-12', '2026-12']);
  });
  test.each([
    ['2026-11-26T10:00:00Z', 'week', '2026-11-23T00:00:00.000Z'],
    ['2026-11-23T00:00:00Z', 'week', '2026-11-23T00:00:00.000Z'],
    ['2026-11-22T23:59:59Z', 'week', '2026-11-16T00:00:00.000Z'],
    ['2026-11-26T10:00:00Z', 'month', '2026-11-01T00:00:00.000Z'],
  ] as const)('%s falls in the %s starting %s (UTC, weeks start on Monday)', (date, unit, start) => {
    expect(periodStart(new Date(date), unit).toISOString()).toBe(start);
  });

  test('months and weeks roll over years', () => {
    expect(nextPeriod(new Date('2026-12-01T00:00:00Z'), 'month').toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(periodsBetween(new Date('2026-12-30T00:00:00Z'), new Date('2027-01-12T00:00:00Z'), 'week').map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2026-12-28', '2027-01-04', '2027-01-11',
    ]);
  });

  test('countPer() counts dates per period, empty periods as 0', () => {
    const dates = ['2026-11-02T10:00:00Z', '2026-11-08T23:00:00Z', '2026-11-24T10:00:00Z'].map((iso) => new Date(iso));
    expect(countPer(dates, new Date('2026-11-02'), new Date('2026-11-29'), 'week').map((p) => p.count)).toEqual([2, 0, 0, 1]);
  });
});

describe('trend()', () => {
  test('per month: October NPS 100; November NPS −60 (no promoter, 2 passives, 3 detractors of 5)', () => {
    const months = trend(survey, responses, new Date('2026-10-01'), new Date('2026-11-30'), 'month');
    expect(months.map((m) => [m.start.toISOString().slice(0, 7), m.scores.responses, m.scores.nps])).toEqual([
      ['2026-10', 3, 100],
      ['2026-11', 5, -60],
    ]);
  });

  test('per week, with empty weeks as gaps (null NPS), not zero', () => {
    const weeks = trend(survey, responses, new Date('2026-10-05'), new Date('2026-11-29'), 'week');
    expect(weeks).toHaveLength(8);
    expect(weeks.map((w) => w.scores.responses)).toEqual([2, 0, 1, 0, 2, 1, 0, 2]);
    expect(weeks[1]!.scores.nps).toBeNull();
    expect(weeks[7]!.scores.nps).toBe(-100);
  });

  test('200,000 responses in one week are grouped in one pass (a bucket is appended to, never copied)', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => responses[i % responses.length]!).map((r) => ({ ...r, submittedAt: '2026-11-24T09:00:00Z' }));
    const [week] = trend(survey, many, new Date('2026-11-23'), new Date('2026-11-29'), 'week');
    expect(week!.scores.responses).toBe(200_000);
    expect(week!.scores.nps).toBe(0);
  }, 60_000); // A guard, not a target: copying the bucket on each insert took over two minutes here.
});

describe('distribution()', () => {
  test('ratings 1–5, NPS 0–10, single and multiple choices in the order of the survey; text has none', () => {
    expect(distribution(question('overall'), tallyOf(survey, responses))!.map((d) => d.count)).toEqual([1, 1, 1, 2, 2]);
    expect(distribution(question('nps'), tallyOf(survey, responses))!.map((d) => d.count)).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1]);
    expect(distribution(question('visit'), tallyOf(survey, responses))).toEqual([{ value: 'here', count: 2 }, { value: 'away', count: 1 }]);
    expect(distribution(question('liked'), tallyOf(survey, responses))).toEqual([{ value: 'taste', count: 2 }, { value: 'service', count: 1 }]);
    expect(distribution(question('wrong'), tallyOf(survey, responses))).toBeUndefined();
  });
});
