import { afterEach } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import type { Answers, Contact, SurveyRules } from '../../src/surveys/answers.ts';
import { insertResponse } from '../../src/surveys/queries.ts';
import { complaintReasons } from '../../src/surveys/scores.ts';
import type { Engine } from './db.ts';
import { testApp } from './temp.ts';

/** A response as a test writes it: the survey's rules decide whether it is a complaint. */
export interface GivenResponse {
  survey?: string;
  locale?: Locale;
  location?: string | null;
  product?: string | null;
  answers: Answers;
  submittedAt: string | Date;
  contact?: Contact;
}

/**
 * Stores responses with the kit's own statement (and a follow-up for each complaint), skipping the form's
 * checks: figures tests need many responses at chosen times. Returns their ids, in order.
 * @example const [id] = await storeResponses(app.db, survey, [{ answers: { overall: 5, nps: 9 }, submittedAt: '2026-03-31T23:30:00Z' }])
 */
export async function storeResponses(db: Db, rules: SurveyRules, given: readonly GivenResponse[]): Promise<string[]> {
  const ids: string[] = [];
  for (const response of given) {
    const id = await insertResponse(db, {
      survey: response.survey ?? 'feedback',
      locale: response.locale ?? 'en',
      location: response.location ?? null,
      product: response.product ?? null,
      answers: response.answers,
      submittedAt: new Date(response.submittedAt),
      reasons: complaintReasons(rules, response.answers),
      contact: response.contact,
      idempotencyKey: undefined,
    });
    if (!id) throw new Error('storeResponses: a response without a key is always stored');
    ids.push(id);
  }
  return ids;
}

/**
 * A fresh app on `engine` each time the returned function is called in a test, its database closed after the
 * test: `const fresh = freshApps(engine); … const { app, clock } = await fresh()`.
 */
export function freshApps(engine: Engine, env: Record<string, string> = {}): () => ReturnType<typeof testApp> {
  let opened: Db[] = [];
  afterEach(async () => {
    await Promise.all(opened.map((db) => db.close()));
    opened = [];
  });
  return async () => {
    const made = await testApp(env, engine);
    opened.push(made.app.db);
    return made;
  };
}
