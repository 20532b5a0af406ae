import { z } from 'zod';
import type { App } from '../app.ts';
import { normaliseEmail } from '../domain/newsletter.ts';
import { npsScore, type SurveyRules } from '../domain/survey.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import type { Period } from './records.ts';
import { listResponses } from './responses.ts';
import { packedMonths, type MonthPack } from './rollup-months.ts';

/**
 * Responses that left an address, for the loyalty ladder (people-rollup.ts)
 * and the privacy search's erasure.
 */

/** A response that left an address: who, when, and their NPS answer if the survey asked it. */
const contactSchema = z.object({ id: z.string(), at: z.string(), email: z.string(), name: z.string().optional(), nps: z.number().optional() });
export type ContactActivity = z.infer<typeof contactSchema>;

/**
 * Responses that left an address, packed a month per document once their days
 * are closed (`rollups/contacts/{yyyy-mm}`): the ladder reads one document per
 * month, not every response. An erasure takes its entries out (privacy.ts).
 */
export const contactPackDoc = (month: string): Doc<MonthPack<ContactActivity>> =>
  defineDoc(`rollups/contacts/${month}`, z.object({ through: z.string().nullable(), items: z.array(contactSchema) }), () => ({ through: null, items: [] }));

/** Every response that left an address in a period (all history without one), oldest first. */
export function contactActivity(app: App, surveys: ReadonlyMap<string, SurveyRules>, period: Period = {}): Promise<ContactActivity[]> {
  const read = async (from: Date, to: Date) =>
    (await listResponses(app, { from, to })).flatMap((response): ContactActivity[] => {
      const email = response.contact?.email ? normaliseEmail(response.contact.email) : null;
      const survey = surveys.get(response.survey);
      if (!email || !survey) return [];
      const nps = npsScore(survey, response.answers);
      return [{ id: response.id, at: response.submittedAt, email, ...(response.contact?.name ? { name: response.contact.name } : {}), ...(nps === undefined ? {} : { nps }) }];
    });
  return packedMonths(app, { pack: contactPackDoc, prefixes: ['responses/', 'feedback/responses/'], read, at: (contact) => contact.at }, period);
}
