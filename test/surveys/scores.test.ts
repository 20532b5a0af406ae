import { describe, expect, test } from 'vitest';
import { complaintReasons, distribution, npsCategory, npsScore, scoresOfTally, type Tally } from '../../src/surveys/scores.ts';
import { survey } from '../fixtures/feedback.ts';

const question = (id: string) => survey.questions.find((q) => q.id === id)!;

describe('npsCategory()', () => {
  test.each([[0, 'detractor'], [6, 'detractor'], [7, 'passive'], [8, 'passive'], [9, 'promoter'], [10, 'promoter']] as const)('%i is a %s', (score, category) => {
    expect(npsCategory(score)).toBe(category);
  });
});

describe('npsScore()', () => {
  test('picks the answer of the survey\'s NPS question', () => {
    expect(npsScore(survey, { overall: 4, nps: 7 })).toBe(7);
    expect(npsScore(survey, { overall: 4 })).toBeUndefined();
  });
});

describe('complaintReasons()', () => {
  test.each([
    [{ overall: 5, nps: 6 }, [{ kind: 'nps', question: 'nps', score: 6 }]],
    [{ overall: 2, nps: 9 }, [{ kind: 'rating', question: 'overall', score: 2 }]],
    [{ overall: 4, value: 1, nps: 8 }, [{ kind: 'rating', question: 'value', score: 1 }]],
    [{ overall: 4, nps: 8, wrong: 'Milk was cold' }, [{ kind: 'text', question: 'wrong' }]],
    [{ overall: 4, nps: 8, wrong: '   ' }, []],
    [{ overall: 3, nps: 7 }, []],
    [{ overall: 5, nps: 10, other: 'a text to no complaint question' }, []],
  ])('%j → %j', (answers, reasons) => {
    expect(complaintReasons(survey, answers)).toEqual(reasons);
  });
});

/**
 * Eight responses counted by hand: NPS answers 10, 9, 9, 8, 7, 6, 3, 0 → 3 promoters, 2 passives,
 * 3 detractors → NPS 0; overall ratings 5, 5, 4, 4, 3, 2, 1 → CSAT 4/7, average 24/7.
 */
const counted: Tally = {
  responses: 8,
  texts: 3,
  answers: {
    overall: { 5: 2, 4: 2, 3: 1, 2: 1, 1: 1 },
    value: { 4: 1, 2: 1 },
    nps: { 10: 1, 9: 2, 8: 1, 7: 1, 6: 1, 3: 1, 0: 1 },
    visit: { here: 2, away: 1 },
  },
};

describe('scoresOfTally()', () => {
  test('counts promoters, passives and detractors and computes NPS, CSAT (the first rating) and its average', () => {
    const scores = scoresOfTally(survey, counted);
    expect(scores).toMatchObject({ responses: 8, promoters: 3, passives: 2, detractors: 3, nps: 0, ratings: 7 });
    expect(scores.csat).toBeCloseTo((4 / 7) * 100, 10);
    expect(scores.averageRating).toBeCloseTo(24 / 7, 10);
  });

  test('nothing counted: zero counts and null scores, never NaN', () => {
    expect(scoresOfTally(survey, { responses: 0, texts: 0, answers: {} })).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, nps: null, ratings: 0, csat: null, averageRating: null });
  });
});

describe('distribution()', () => {
  test('ratings 1–5, NPS 0–10 and choices in the survey\'s order, unanswered values as 0; text questions have none', () => {
    expect(distribution(question('overall'), counted)!.map((d) => d.count)).toEqual([1, 1, 1, 2, 2]);
    expect(distribution(question('nps'), counted)!.map((d) => d.count)).toEqual([1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1]);
    expect(distribution(question('visit'), counted)).toEqual([{ value: 'here', count: 2 }, { value: 'away', count: 1 }]);
    expect(distribution(question('wrong'), counted)).toBeUndefined();
  });
});
