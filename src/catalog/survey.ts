import { z } from 'zod';
import { localized } from './localized.ts';

/** content/surveys/{id}.yaml: a feedback survey; src/surveys/answers.ts derives the answers schema from it. */

/** Show a question only when another one's answer matches: `{ question: nps, atMost: 6 }`. */
export const conditionSchema = z
  .object({
    question: z.string().min(1),
    atMost: z.number().optional(),
    atLeast: z.number().optional(),
    /** A choice value (single choice: equal; multiple choice: among those picked). */
    is: z.string().optional(),
  })
  .refine((c) => c.atMost !== undefined || c.atLeast !== undefined || c.is !== undefined, 'Give atMost, atLeast or is');
export type Condition = z.infer<typeof conditionSchema>;

const optionSchema = z.object({ value: z.string().regex(/^[a-z0-9-]+$/, 'Use lower-case letters, digits and "-"'), label: localized });

const base = {
  /** Stable name of the answer: stored data and printed reports use it, so never rename it. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'Use lower-case letters, digits and "-", starting with a letter'),
  label: localized,
  hint: localized.optional(),
  required: z.boolean().default(false),
  /** Shown when ANY of these matches; without it, always shown. */
  showWhen: z.array(conditionSchema).min(1).optional(),
};

export const questionSchema = z.discriminatedUnion('kind', [
  /** 1–5 stars: CSAT counts 4 and 5 as satisfied; 1 or 2 makes the response a complaint. */
  z.object({ ...base, kind: z.literal('rating'), low: localized.optional(), high: localized.optional() }),
  /** 0–10 "How likely are you to recommend us?": NPS; 0–6 makes the response a complaint. */
  z.object({ ...base, kind: z.literal('nps'), low: localized.optional(), high: localized.optional() }),
  z.object({ ...base, kind: z.literal('single'), options: z.array(optionSchema).min(2) }),
  z.object({ ...base, kind: z.literal('multiple'), options: z.array(optionSchema).min(2) }),
  z.object({ ...base, kind: z.literal('short-text'), maxLength: z.number().int().min(1).max(500).default(200) }),
  z.object({
    ...base,
    kind: z.literal('long-text'),
    maxLength: z.number().int().min(1).max(4000).default(2000),
    /** Any answer here ("what went wrong?") makes the response a complaint. */
    complaint: z.boolean().default(false),
  }),
  /** May we contact you? Name, email or phone, preferred language. Stored only with consent. */
  z.object({ ...base, kind: z.literal('contact') }),
]);
export type Question = z.infer<typeof questionSchema>;
export type QuestionKind = Question['kind'];

export const surveySchema = z
  .object({
    title: localized,
    intro: localized,
    /** Printed short links (`/s/{location}/`) open this survey; at most one survey sets it. */
    shortLinks: z.boolean().default(false),
    questions: z.array(questionSchema).min(1),
  })
  .superRefine((survey, ctx) => {
    const seen = new Map<string, Question>();
    survey.questions.forEach((question, index) => {
      if (seen.has(question.id)) ctx.addIssue({ code: 'custom', path: ['questions', index, 'id'], message: `"${question.id}" is used twice` });
      for (const condition of question.showWhen ?? []) {
        // Conditions look back only, so a page reads top to bottom and never hides what was already answered.
        if (!seen.has(condition.question)) {
          ctx.addIssue({ code: 'custom', path: ['questions', index, 'showWhen'], message: `"${condition.question}" must be a question above "${question.id}"` });
        }
      }
      seen.set(question.id, question);
    });
    if (survey.questions.filter((q) => q.kind === 'contact').length > 1) {
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'A survey has at most one contact block' });
    }
  });
export type Survey = z.infer<typeof surveySchema>;
