import { z } from 'zod';
import { locales, type Locale } from '../i18n/locales.ts';
import {
  CONTACT_EMAIL_MAX, CONTACT_NAME_MAX, isBlank, phonePattern, scoreRanges, textMax, visibleQuestions,
  type AnswerErrorCode, type QuestionRules, type SurveyRules,
} from './rules.ts';

/** The function's check of a survey's answers: one zod schema from the survey (the page's zod-free twin: ./rules.ts). */

// The zod-free part, which the survey page's script uses too.
export { conditionHolds, surveyRules, unflatten, visibleQuestions, type AnswerErrorCode, type QuestionRules, type SurveyRules } from './rules.ts';

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
 * Each kind's type and range, required questions (only when shown), the contact block (kept only with consent);
 * error paths are question ids (`nps`, `contact.email`).
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
