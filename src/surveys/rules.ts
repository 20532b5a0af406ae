import type { Condition, QuestionKind } from '../catalog/survey.ts';
import { locales } from '../i18n/locales.ts';

/**
 * The rules of a survey's answers without zod, small enough for the browser; the function's answersSchema()
 * (./answers.ts) is built from the same constants, and test/surveys/rules.test.ts holds the two to the same verdicts.
 */

/** What the rules need from a question, without its texts (`surveyRules()`); a full Survey fits too. */
export interface QuestionRules {
  id: string;
  kind: QuestionKind;
  required: boolean;
  showWhen?: Condition[] | undefined;
  options?: { value: string }[];
  maxLength?: number;
  complaint?: boolean;
}
export interface SurveyRules {
  questions: QuestionRules[];
}

/** Just the rules of a survey (no texts), e.g. to pass to the browser. */
export function surveyRules(survey: SurveyRules): SurveyRules {
  return {
    questions: survey.questions.map(({ id, kind, required, showWhen, options, maxLength, complaint }) => ({
      id, kind, required,
      ...(showWhen ? { showWhen } : {}),
      ...(options ? { options: options.map(({ value }) => ({ value })) } : {}),
      ...(maxLength !== undefined ? { maxLength } : {}),
      ...(complaint ? { complaint } : {}),
    })),
  };
}

/** Why an answer is refused; the caller turns the code into words in the visitor's language. */
export type AnswerErrorCode = 'required' | 'range' | 'choice' | 'tooLong' | 'email' | 'phone' | 'reach';

/** The scores a rating and an NPS question take. */
export const scoreRanges = { rating: [1, 5], nps: [0, 10] } as const;
/** The longest name in a contact block; its email address is at most CONTACT_EMAIL_MAX. */
export const CONTACT_NAME_MAX = 100;
export const CONTACT_EMAIL_MAX = 200;
/** A phone number as people write it: digits, spaces, dots, dashes, brackets, an optional +. */
export const phonePattern = /^\+?[0-9][0-9 ().-]{5,24}$/;
/** zod's z.email() pattern (zod/v4/core regexes.email), so the browser and the function agree on every address. */
export const emailPattern = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

/** The longest answer a text question takes. */
export function textMax(question: Pick<QuestionRules, 'kind' | 'maxLength'>): number {
  return question.maxLength ?? (question.kind === 'short-text' ? 200 : 2000);
}

export const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);

/** Whether a condition holds for the answers given so far. */
export function conditionHolds(condition: Condition, answers: Record<string, unknown>): boolean {
  const value = answers[condition.question];
  if (isBlank(value)) return false;
  if (condition.is !== undefined) return Array.isArray(value) ? value.includes(condition.is) : value === condition.is;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (Number.isNaN(number)) return false;
  return (condition.atMost === undefined || number <= condition.atMost) && (condition.atLeast === undefined || number >= condition.atLeast);
}

/** The questions shown for these answers: one with `showWhen` appears when any condition holds on the answers above it. */
export function visibleQuestions<Q extends QuestionRules>(survey: { questions: Q[] }, answers: Record<string, unknown>): Q[] {
  const seen: Record<string, unknown> = {};
  const shown: Q[] = [];
  for (const question of survey.questions) {
    if (!question.showWhen || question.showWhen.some((condition) => conditionHolds(condition, seen))) {
      shown.push(question);
      seen[question.id] = answers[question.id];
    }
  }
  return shown;
}

/** `{ "answers.nps": "9" }` → `{ answers: { nps: "9" } }`: forms send flat names (browser and function alike). */
export function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flat)) {
    const parts = name.split('.');
    if (parts.some((part) => part === '' || part === '__proto__' || part === 'constructor' || part === 'prototype')) continue;
    let node = result;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (node[part] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
    }
    node[parts.at(-1)!] = value;
  }
  return result;
}

/** One refused answer: why, and the limit a "too long" names. */
export interface AnswerProblem {
  code: AnswerErrorCode;
  max?: number;
}

/**
 * What is wrong with a survey's answers, as answersSchema() finds it: the first problem of each field,
 * by its path (`nps`, `contact.email`); empty when the answers would be accepted. An answer of the
 * wrong type (never sent by the page's own form) stops the check there, as zod does.
 * @example answerProblems(rules, { nps: '11' }) → { nps: { code: 'range' }, overall: { code: 'required' } }
 */
export function answerProblems(survey: SurveyRules, answers: Record<string, unknown>): Record<string, AnswerProblem> {
  const problems: Record<string, AnswerProblem> = {};
  let stopped = false;
  const refuse = (path: string, code: AnswerErrorCode, max?: number, stop = false) => {
    problems[path] ??= max === undefined ? { code } : { code, max };
    stopped ||= stop;
  };
  const given = (value: unknown) => (isBlank(value) ? undefined : value);
  const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
  const parsed: Record<string, unknown> = {};
  for (const question of survey.questions) {
    const { id } = question;
    const value = given(answers[id]);
    parsed[id] = value;
    if (value === undefined) continue;
    const values = (question.options ?? []).map((option) => option.value);
    switch (question.kind) {
      case 'rating':
      case 'nps': {
        const [min, max] = scoreRanges[question.kind];
        const score = typeof value === 'string' ? Number(value.trim()) : value;
        parsed[id] = score;
        // Not a whole number stops zod's check; out of range does not.
        if (typeof score !== 'number' || !Number.isInteger(score)) refuse(id, 'range', undefined, true);
        else if (score < min || score > max) refuse(id, 'range');
        break;
      }
      case 'single':
        if (typeof value !== 'string') refuse(id, 'choice', undefined, true);
        else if (!values.includes(value)) refuse(id, 'choice');
        break;
      case 'multiple': {
        const picked = Array.isArray(value) ? value : [value];
        if (picked.some((item) => typeof item !== 'string')) refuse(id, 'choice', undefined, true);
        else if (picked.some((item) => !values.includes(item))) refuse(id, 'choice');
        else if (picked.length > values.length) refuse(id, 'choice', undefined, true);
        else parsed[id] = values.filter((option) => picked.includes(option));
        break;
      }
      case 'short-text':
      case 'long-text': {
        const max = textMax(question);
        if (typeof value !== 'string') refuse(id, 'tooLong', max, true);
        else if (value.trim().replace(/\r\n/g, '\n').length > max) refuse(id, 'tooLong', max);
        break;
      }
      case 'contact': {
        if (typeof value !== 'object' || Array.isArray(value)) {
          refuse(id, 'choice', undefined, true);
          break;
        }
        const block = value as Record<string, unknown>;
        const consent = block.consent === true || block.consent === 'yes' || block.consent === 'on' || block.consent === 'true';
        const [name, email, phone, language] = [block.name, block.email, block.phone, block.language].map(given);
        if (name !== undefined) {
          if (typeof name !== 'string') refuse(`${id}.name`, 'tooLong', CONTACT_NAME_MAX, true);
          else if (name.trim().length > CONTACT_NAME_MAX) refuse(`${id}.name`, 'tooLong', CONTACT_NAME_MAX);
        }
        if (email !== undefined) {
          if (typeof email !== 'string') refuse(`${id}.email`, 'email', undefined, true);
          else if (!emailPattern.test(email.trim()) || email.trim().length > CONTACT_EMAIL_MAX) refuse(`${id}.email`, 'email');
        }
        if (phone !== undefined) {
          if (typeof phone !== 'string') refuse(`${id}.phone`, 'phone', undefined, true);
          else if (!phonePattern.test(phone.trim())) refuse(`${id}.phone`, 'phone');
        }
        if (language !== undefined && !(locales as readonly unknown[]).includes(language)) refuse(`${id}.language`, 'choice', undefined, true);
        parsed[id] = { consent, email: trimmed(email), phone: trimmed(phone) };
        break;
      }
    }
  }
  // Required questions, and a way to reach a customer who asked to be contacted: only for questions shown.
  if (!stopped) {
    for (const question of visibleQuestions(survey, parsed)) {
      const value = parsed[question.id];
      if (question.kind === 'contact') {
        const contact = value as { consent: boolean; email?: string; phone?: string } | undefined;
        if (question.required && !contact?.consent) refuse(`${question.id}.consent`, 'required');
        if (contact?.consent && !contact.email && !contact.phone) refuse(`${question.id}.email`, 'reach');
      } else if (question.required && isBlank(value)) {
        refuse(question.id, 'required');
      }
    }
  }
  return problems;
}
