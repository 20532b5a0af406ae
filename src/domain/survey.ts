import { z } from 'zod';
import { locales, type Locale } from '../i18n/locales.ts';
import {
  CONTACT_EMAIL_MAX, CONTACT_NAME_MAX, isBlank, phonePattern, scoreRanges, textMax, visibleQuestions,
  type AnswerErrorCode, type QuestionRules, type SurveyRules,
} from './survey-rules.ts';

/**
 * The rules of a survey's answers on the function's side: one zod schema derived from the survey definition
 * (the survey page checks the same rules without zod: ./survey-rules.ts), NPS and CSAT scores, and when a
 * response is a complaint. Pure: no I/O, no clock.
 */

// The zod-free part, which the survey page's script uses too.
export { conditionHolds, surveyRules, unflatten, visibleQuestions, type AnswerErrorCode, type QuestionRules, type SurveyRules } from './survey-rules.ts';

/** One stored answer: a score, a choice or text, or the choices picked. */
export type AnswerValue = number | string | string[];
export type Answers = Record<string, AnswerValue>;

/** The contact block, kept only when the customer agreed to be contacted. */
export const contactSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  language: z.enum(locales),
});
export type Contact = z.infer<typeof contactSchema>;

export interface ParsedAnswers {
  /** Answers of the questions that were shown, without the contact block. */
  answers: Answers;
  /** Present only when the customer ticked "you may contact me"; without a language, use the survey's. */
  contact: (Omit<Contact, 'language'> & { language?: Locale }) | undefined;
}

export type AnswerMessages = (code: AnswerErrorCode, vars: { max?: number }) => string;

const blankToUndefined = (value: unknown) => (isBlank(value) ? undefined : value);

function fieldSchema(question: QuestionRules, message: AnswerMessages): z.ZodType<unknown> {
  const error = (code: AnswerErrorCode, max?: number) => ({ error: message(code, max === undefined ? {} : { max }) });
  switch (question.kind) {
    case 'rating':
    case 'nps': {
      const [min, max] = scoreRanges[question.kind];
      // A form sends "7"; JSON sends 7.
      const toNumber = (value: unknown) => (isBlank(value) ? undefined : typeof value === 'string' ? Number(value.trim()) : value);
      return z.preprocess(toNumber, z.number(error('range')).int(error('range')).min(min, error('range')).max(max, error('range')).optional());
    }
    case 'single': {
      const values = (question.options ?? []).map((option) => option.value);
      return z.preprocess(blankToUndefined, z.string(error('choice')).refine((value) => values.includes(value), error('choice')).optional());
    }
    case 'multiple': {
      const values = (question.options ?? []).map((option) => option.value);
      // One ticked box arrives from a form as a plain string.
      const toList = (value: unknown) => (isBlank(value) ? undefined : Array.isArray(value) ? value : [value]);
      return z.preprocess(
        toList,
        z.array(z.string(error('choice')).refine((value) => values.includes(value), error('choice')), error('choice'))
          .max(values.length, error('choice'))
          .transform((picked) => values.filter((value) => picked.includes(value)))
          .optional(),
      );
    }
    case 'short-text':
    case 'long-text': {
      const max = textMax(question);
      const trimmed = (value: unknown) => (isBlank(value) ? undefined : typeof value === 'string' ? value.trim().replace(/\r\n/g, '\n') : value);
      return z.preprocess(trimmed, z.string(error('tooLong', max)).max(max, error('tooLong', max)).optional());
    }
    case 'contact':
      return z.preprocess(
        blankToUndefined,
        z.object({
          consent: z.preprocess((value) => value === true || value === 'yes' || value === 'on' || value === 'true', z.boolean()),
          name: z.preprocess(blankToUndefined, z.string(error('tooLong', CONTACT_NAME_MAX)).trim().max(CONTACT_NAME_MAX, error('tooLong', CONTACT_NAME_MAX)).optional()),
          email: z.preprocess(blankToUndefined, z.string(error('email')).trim().pipe(z.email(error('email')).max(CONTACT_EMAIL_MAX, error('email'))).optional()),
          phone: z.preprocess(
            blankToUndefined,
            z.string(error('phone')).trim().regex(phonePattern, error('phone')).optional(),
          ),
          language: z.preprocess(blankToUndefined, z.enum(locales, error('choice')).optional()),
        }, error('choice')).optional(),
      );
  }
}

/** Default messages (English, short); pages and the function pass translated ones. */
export const plainMessages: AnswerMessages = (code, { max }) =>
  ({
    required: 'Please answer this question.',
    range: 'Pick one of the numbers.',
    choice: 'Pick one of the options.',
    tooLong: `Please keep it under ${max ?? 0} characters.`,
    email: 'Please check the email address.',
    phone: 'Please check the phone number.',
    reach: 'Give an email address or a phone number, or untick "you may contact me".',
  })[code];

/**
 * The one schema of a survey's answers: each kind's type and range, required
 * questions (required only when shown), and the contact block (kept only with
 * consent). Error paths are question ids (`nps`, `contact.email`).
 * @example answersSchema(survey).parse({ overall: '5', nps: 9 }) → { answers: { overall: 5, nps: 9 }, contact: undefined }
 */
export function answersSchema(survey: SurveyRules, message: AnswerMessages = plainMessages): z.ZodType<ParsedAnswers> {
  const shape = Object.fromEntries(survey.questions.map((question) => [question.id, fieldSchema(question, message)]));
  return z
    .object(shape, { error: message('required', {}) })
    .superRefine((answers: Record<string, unknown>, ctx) => {
      for (const question of visibleQuestions(survey, answers)) {
        const value = answers[question.id];
        if (question.kind === 'contact') {
          const contact = value as { consent: boolean; email?: string; phone?: string } | undefined;
          if (question.required && !contact?.consent) ctx.addIssue({ code: 'custom', path: [question.id, 'consent'], message: message('required', {}) });
          if (contact?.consent && !contact.email && !contact.phone) {
            ctx.addIssue({ code: 'custom', path: [question.id, 'email'], message: message('reach', {}) });
          }
        } else if (question.required && isBlank(value)) {
          ctx.addIssue({ code: 'custom', path: [question.id], message: message('required', {}) });
        }
      }
    })
    .transform((all: Record<string, unknown>): ParsedAnswers => {
      const answers: Answers = {};
      let contact: ParsedAnswers['contact'];
      // Every answer given is kept, shown or not: without script a page shows every question,
      // and a happy customer who still writes what went wrong should be heard. (The island
      // disables hidden questions, so their stale answers are never sent.)
      for (const question of survey.questions) {
        const value = all[question.id];
        if (question.kind === 'contact') {
          const block = value as { consent: boolean; name?: string; email?: string; phone?: string; language?: Locale } | undefined;
          if (block?.consent) {
            const { consent: _consent, ...details } = block;
            contact = details;
          }
        } else if (!isBlank(value)) {
          answers[question.id] = value as AnswerValue;
        }
      }
      return { answers, contact };
    }) as unknown as z.ZodType<ParsedAnswers>;
}

// ---- Scores ---------------------------------------------------------------

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** 9–10 promoter, 7–8 passive, 0–6 detractor. @example npsCategory(9) → 'promoter' */
export function npsCategory(score: number): NpsCategory {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

/**
 * Net Promoter Score of 0–10 answers: % promoters − % detractors, −100…100,
 * unrounded; null when there is no answer. @example nps([10, 9, 8, 3]) → 25
 */
export function nps(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((score) => npsCategory(score) === 'promoter').length;
  const detractors = scores.filter((score) => npsCategory(score) === 'detractor').length;
  return ((promoters - detractors) / scores.length) * 100;
}

/**
 * Customer satisfaction of 1–5 ratings: % of 4s and 5s, 0…100, unrounded;
 * null when there is no rating. @example csat([5, 4, 2, 3]) → 50
 */
export function csat(ratings: readonly number[]): number | null {
  if (ratings.length === 0) return null;
  return (ratings.filter(isSatisfied).length / ratings.length) * 100;
}

/** A 1–5 rating that counts as satisfied for CSAT: 4 or 5. */
export function isSatisfied(rating: number): boolean {
  return rating >= 4;
}

/** The 0–10 answer of the survey's NPS question, if answered. */
export function npsScore(survey: SurveyRules, answers: Answers): number | undefined {
  const question = survey.questions.find((q) => q.kind === 'nps');
  const value = question ? answers[question.id] : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** Every answered 1–5 rating, by question id. */
export function ratings(survey: SurveyRules, answers: Answers): Record<string, number> {
  const found: Record<string, number> = {};
  for (const question of survey.questions) {
    const value = answers[question.id];
    if (question.kind === 'rating' && typeof value === 'number') found[question.id] = value;
  }
  return found;
}

/** What makes a response a complaint: a low NPS, a low rating, or a "what went wrong" text. */
export type ComplaintReason =
  | { kind: 'nps'; question: string; score: number }
  | { kind: 'rating'; question: string; score: number }
  | { kind: 'text'; question: string };

/** The reasons this response is a complaint (NPS <= 6, a rating <= 2, a complaint text); empty when it is not. */
export function complaintReasons(survey: SurveyRules, answers: Answers): ComplaintReason[] {
  const reasons: ComplaintReason[] = [];
  for (const question of survey.questions) {
    const value = answers[question.id];
    if (question.kind === 'nps' && typeof value === 'number' && value <= 6) reasons.push({ kind: 'nps', question: question.id, score: value });
    if (question.kind === 'rating' && typeof value === 'number' && value <= 2) reasons.push({ kind: 'rating', question: question.id, score: value });
    if (question.kind === 'long-text' && question.complaint && typeof value === 'string' && value.trim() !== '') reasons.push({ kind: 'text', question: question.id });
  }
  return reasons;
}

/** @example isComplaint(survey, { nps: 4 }) → true */
export function isComplaint(survey: SurveyRules, answers: Answers): boolean {
  return complaintReasons(survey, answers).length > 0;
}
