import { z } from 'zod';
import { localized } from './localized.ts';

/** content/surveys/{id}.yaml: a feedback survey. */
export const surveySchema = z.object({
  title: localized,
  intro: localized,
});
export type Survey = z.infer<typeof surveySchema>;
