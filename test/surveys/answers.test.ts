import { describe, expect, test } from 'vitest';
import { surveySchema, type Survey } from '../../src/catalog/survey.ts';
import { answersSchema, surveyRules, unflatten, visibleQuestions } from '../../src/surveys/answers.ts';

const text = (en: string) => ({ en, es: `${en} (es)` });
const options = (...values: string[]) => values.map((value) => ({ value, label: text(value) }));

const survey: Survey = surveySchema.parse({
  title: text('How did we do?'),
  intro: text('Tell us'),
  questions: [
    { id: 'overall', kind: 'rating', required: true, label: text('Overall') },
    { id: 'nps', kind: 'nps', required: true, label: text('Recommend?') },
    { id: 'visit', kind: 'single', label: text('Why?'), options: options('here', 'away') },
    { id: 'liked', kind: 'multiple', label: text('Liked'), options: options('taste', 'service', 'place') },
    { id: 'drink', kind: 'short-text', maxLength: 10, label: text('Drink') },
    { id: 'wrong', kind: 'long-text', complaint: true, label: text('What went wrong?'), showWhen: [{ question: 'nps', atMost: 6 }, { question: 'overall', atMost: 2 }] },
    { id: 'contact', kind: 'contact', label: text('May we contact you?') },
  ],
});
const schema = answersSchema(survey);
const errorsOf = (answers: unknown) => {
  const result = schema.safeParse(answers);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
};

describe('surveySchema (content/surveys/*.yaml)', () => {
  test('refuses a question id used twice, a condition on a later question and two contact blocks', () => {
    const bad = surveySchema.safeParse({
      title: text('t'), intro: text('i'),
      questions: [
        { id: 'a', kind: 'long-text', label: text('a'), showWhen: [{ question: 'b', atMost: 2 }] },
        { id: 'b', kind: 'rating', label: text('b') },
        { id: 'b', kind: 'contact', label: text('b') },
        { id: 'c', kind: 'contact', label: text('c') },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((issue) => issue.message).join(' | ');
    expect(messages).toContain('"b" is used twice');
    expect(messages).toContain('"b" must be a question above "a"');
    expect(messages).toContain('at most one contact block');
  });

  test('refuses a choice question without options and a text without a language', () => {
    expect(surveySchema.safeParse({ title: text('t'), intro: text('i'), questions: [{ id: 'x', kind: 'single', label: text('x'), options: [] }] }).success).toBe(false);
    expect(surveySchema.safeParse({ title: { en: 't' }, intro: text('i'), questions: [{ id: 'x', kind: 'nps', label: text('x') }] }).success).toBe(false);
  });
});

describe('answersSchema(survey): one schema for the browser and the function', () => {
  test('takes form strings and JSON numbers alike, and drops blank answers', () => {
    const fromForm = schema.parse({ overall: '4', nps: '9', visit: 'here', liked: 'taste', drink: '  flat white ', wrong: '', contact: { consent: '', name: '' } });
    const fromJson = schema.parse({ overall: 4, nps: 9, visit: 'here', liked: ['taste'], drink: 'flat white' });
    expect(fromForm).toEqual({ answers: { overall: 4, nps: 9, visit: 'here', liked: ['taste'], drink: 'flat white' }, contact: undefined });
    expect(fromJson).toEqual(fromForm);
  });

  test.each([
    ['rating below 1', { overall: 0 }, 'overall'],
    ['rating above 5', { overall: '6' }, 'overall'],
    ['rating not a whole number', { overall: 3.5 }, 'overall'],
    ['rating not a number', { overall: 'great' }, 'overall'],
    ['NPS above 10', { nps: 11 }, 'nps'],
    ['NPS below 0', { nps: -1 }, 'nps'],
    ['single choice not among the options', { visit: 'elsewhere' }, 'visit'],
    ['multiple choice with an unknown option', { liked: ['taste', 'music'] }, 'liked.1'],
    ['short text over its maxLength', { drink: 'x'.repeat(11) }, 'drink'],
    ['long text over 2,000 characters', { nps: 2, wrong: 'x'.repeat(2001) }, 'wrong'],
    ['contact with a broken email', { contact: { consent: 'yes', email: 'not-an-email' } }, 'contact.email'],
    ['contact with a broken phone', { contact: { consent: 'yes', phone: 'call me' } }, 'contact.phone'],
    ['contact consented without email or phone', { contact: { consent: 'yes', name: 'Ana' } }, 'contact.email'],
  ])('refuses a %s', (_name, answers, path) => {
    expect(errorsOf({ overall: 5, nps: 10, ...answers })).toHaveProperty([path]);
  });

  test('required questions must be answered; optional ones may be left out', () => {
    expect(Object.keys(errorsOf({}))).toEqual(['overall', 'nps']);
    expect(errorsOf({ overall: 5, nps: 10 })).toEqual({});
  });

  test('multiple choice keeps the options in survey order without duplicates', () => {
    expect(schema.parse({ overall: 5, nps: 10, liked: ['place', 'taste', 'taste'] }).answers.liked).toEqual(['taste', 'place']);
  });

  test('a conditional question is shown, and kept, only when a condition holds', () => {
    expect(visibleQuestions(survey, { overall: 5, nps: 9 }).map((q) => q.id)).not.toContain('wrong');
    expect(visibleQuestions(survey, { overall: 5, nps: 6 }).map((q) => q.id)).toContain('wrong');
    expect(visibleQuestions(survey, { overall: '2', nps: 9 }).map((q) => q.id)).toContain('wrong');
    // Without script every question is on the page: what a happy customer still writes there is kept.
    expect(schema.parse({ overall: 5, nps: 9, wrong: 'cold' }).answers).toEqual({ overall: 5, nps: 9, wrong: 'cold' });
  });

  test('a required conditional question is required only when shown', () => {
    const strict = surveySchema.parse({ ...survey, questions: survey.questions.map((q) => (q.id === 'wrong' ? { ...q, required: true } : q)) });
    const check = answersSchema(strict);
    expect(check.safeParse({ overall: 5, nps: 9 }).success).toBe(true);
    expect(check.safeParse({ overall: 5, nps: 4 }).success).toBe(false);
  });

  test('keeps contact details only with consent, and never inside the answers', () => {
    const declined = schema.parse({ overall: 1, nps: 1, contact: { name: 'Ana', email: 'ana@example.com' } });
    expect(declined.contact).toBeUndefined();
    expect(declined.answers).not.toHaveProperty('contact');
    const agreed = schema.parse({ overall: 1, nps: 1, contact: { consent: 'yes', name: ' Ana ', email: 'ana@example.com', language: 'es' } });
    expect(agreed.contact).toEqual({ name: 'Ana', email: 'ana@example.com', language: 'es' });
    expect(schema.parse({ overall: 1, nps: 1, contact: { consent: true, phone: '+34 600 123 456' } }).contact).toEqual({ phone: '+34 600 123 456' });
  });

  test('messages come from the caller, in the visitor language', () => {
    const spanish = answersSchema(survey, (code) => `es:${code}`);
    const result = spanish.safeParse({ nps: 12 });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['es:range', 'es:required']);
  });

  test('surveyRules() leaves out the texts and derives the same schema', () => {
    const rules = surveyRules(survey);
    expect(JSON.stringify(rules)).not.toContain('Overall');
    expect(answersSchema(rules).parse({ overall: '2', nps: '3', wrong: 'Cold coffee' })).toEqual(schema.parse({ overall: 2, nps: 3, wrong: 'Cold coffee' }));
  });
});

describe('unflatten()', () => {
  test('turns dotted form names into nested answers and ignores prototype keys', () => {
    expect(unflatten({ survey: 'feedback', 'answers.nps': '9', 'answers.contact.email': 'a@b.c', 'answers.__proto__.x': '1' }))
      .toEqual({ survey: 'feedback', answers: { nps: '9', contact: { email: 'a@b.c' } } });
  });
});
