import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import type { QuestionKind } from '../../src/catalog/survey.ts';
import { answersSchema, surveyRules } from '../../src/surveys/answers.ts';
import { answerProblems, emailPattern, type AnswerProblem, type SurveyRules } from '../../src/surveys/rules.ts';

/**
 * The survey page checks answers without zod (answerProblems(), in the browser); the function checks them
 * with answersSchema() (zod). Both must refuse the same answers for the same reasons: here, every kind of
 * answer alone and thousands of random mixes, each field's first problem compared.
 */

const values = (...list: string[]) => list.map((value) => ({ value }));

/** Every kind of question, required or not, with conditions on a choice and on scores: the rules alone, as the page gets them. */
const everyKind: SurveyRules = {
  questions: [
    { id: 'overall', kind: 'rating', required: true },
    { id: 'nps', kind: 'nps', required: true },
    { id: 'visit', kind: 'single', required: true, options: values('here', 'away') },
    { id: 'liked', kind: 'multiple', required: false, options: values('taste', 'service') },
    { id: 'drink', kind: 'short-text', required: false, maxLength: 10, showWhen: [{ question: 'liked', is: 'taste' }] },
    { id: 'wrong', kind: 'long-text', required: true, complaint: true, showWhen: [{ question: 'nps', atMost: 6 }, { question: 'overall', atMost: 2 }] },
    { id: 'contact', kind: 'contact', required: true },
  ],
};

const schemas = new WeakMap<SurveyRules, ReturnType<typeof answersSchema>>();

/** Each field's first problem by zod, in the same shape as answerProblems(). */
function zodProblems(rules: SurveyRules, answers: unknown): Record<string, AnswerProblem> {
  let schema = schemas.get(rules);
  if (!schema) schemas.set(rules, (schema = answersSchema(rules, (code, { max }) => JSON.stringify(max === undefined ? { code } : { code, max }))));
  const result = schema.safeParse(answers);
  const problems: Record<string, AnswerProblem> = {};
  for (const issue of result.success ? [] : result.error.issues) {
    const path = issue.path.filter((part) => typeof part === 'string').join('.');
    problems[path] ??= JSON.parse(issue.message) as AnswerProblem;
  }
  return problems;
}

const long = (n: number) => 'x'.repeat(n);
const candidates: Record<QuestionKind, unknown[]> = {
  rating: [undefined, '', ' ', '1', '3', '5', ' 4 ', '0', '6', '4.5', 'x', 'Infinity', 4, 9, ['4'], null],
  nps: [undefined, '', '0', '6', '7', '10', '11', '-1', 8, 'seven'],
  single: [undefined, '', 'here', 'away', 'other', 3, ['here']],
  multiple: [undefined, '', [], 'taste', ['taste'], ['service', 'taste'], ['taste', 'taste', 'taste'], ['nope'], ['taste', 'nope'], [1], 'nope'],
  'short-text': [undefined, '', '   ', 'Cortado', long(10), long(11), ' padded   ', 5],
  'long-text': [undefined, '', 'Too cold', `${long(1999)}\r\n`, long(2001), 7],
  contact: [
    undefined, '', {}, { consent: 'yes' }, { consent: 'yes', email: 'ana@example.com' }, { consent: 'yes', email: ' ana@example.com ' },
    { consent: 'yes', email: 'bad' }, { consent: 'yes', phone: '+34 600 000 000' }, { consent: 'yes', phone: 'call me' },
    { consent: '', email: 'ana@example.com' }, { consent: 'on', name: long(101), email: 'a@b.co' }, { consent: 'yes', name: '  Ana  ', phone: '600 000 000' },
    { consent: 'yes', language: 'es', email: 'a@b.co' }, { consent: 'yes', language: 'fr', email: 'a@b.co' }, { consent: 'yes', email: 5 },
    { consent: 'yes', email: `${long(195)}@b.co` }, { consent: true, email: '   ', phone: ' ' }, ['x'], 'yes',
  ],
};

/** A small seeded generator, so a failure names answers that can be tried again. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

function mixes(survey: SurveyRules, count: number, seed: number): Record<string, unknown>[] {
  const next = random(seed);
  return Array.from({ length: count }, () =>
    Object.fromEntries(
      survey.questions.flatMap((question) => {
        const pool = candidates[question.kind];
        const value = pool[Math.floor(next() * pool.length)];
        return value === undefined ? [] : [[question.id, value]];
      }),
    ),
  );
}

describe('answerProblems() (the survey page, no zod) agrees with answersSchema() (the function, zod)', () => {
  const rules = everyKind;

  test.each(everyKind.questions.flatMap((question) => candidates[question.kind].map((value) => [question.id, value] as const)))('%s = %j alone', (id, value) => {
    const answers = { overall: '4', nps: '9', visit: 'here', contact: { consent: 'yes', email: 'a@b.co' }, [id]: value };
    expect(answerProblems(rules, answers)).toEqual(zodProblems(rules, answers));
  });

  test('5,000 random mixes of every kind of answer', () => {
    const disagreements = mixes(rules, 5_000, 23)
      .map((answers) => ({ answers, page: answerProblems(rules, answers), function: zodProblems(rules, answers) }))
      .filter((result) => JSON.stringify(sortKeys(result.page)) !== JSON.stringify(sortKeys(result.function)));
    expect(disagreements.slice(0, 3)).toEqual([]);
  });

  test('the shop\'s own survey (content/surveys/feedback.yaml): 2,000 random mixes', () => {
    const feedback = surveyRules(readSurveyCatalog('feedback')!.survey);
    for (const answers of mixes(feedback, 2_000, 7)) expect(answerProblems(feedback, answers), JSON.stringify(answers)).toEqual(zodProblems(feedback, answers));
  });

  test('answers a form sends: what to fix, or nothing', () => {
    expect(answerProblems(rules, { overall: '2', nps: '9', visit: 'here', contact: { consent: 'yes' } })).toEqual({
      wrong: { code: 'required' },
      'contact.email': { code: 'reach' },
    });
    expect(answerProblems(rules, { overall: '5', nps: '10', visit: 'away', liked: 'taste', drink: long(11), contact: { consent: 'yes', phone: '600 000 000' } })).toEqual({
      drink: { code: 'tooLong', max: 10 },
    });
    expect(answerProblems(rules, { overall: '5', nps: '10', visit: 'away', contact: { consent: 'yes', email: 'ana@example.com' } })).toEqual({});
  });

  test('email addresses: the page\'s pattern is zod\'s own', () => {
    expect(emailPattern.source).toBe(z.regexes.email.source);
  });
});

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
