import type { Config } from '@netlify/functions';
import { adminEndpoint } from '../../src/admin/access.ts';
import { app } from '../../src/app.ts';
import { answeredQuestions } from '../../src/surveys/queries.ts';

/**
 * Owner only. GET /api/admin/answered-questions → `{ surveys: { feedback: { nps: 120, … } } }`:
 * how many stored answers each question id has, so the content editor can warn
 * before a question that has answers is renamed or removed. One GROUP BY over the
 * responses' answers (src/surveys/queries.ts).
 */
export default adminEndpoint(['GET'], async () => {
  const surveys = await answeredQuestions(app().db);
  return Response.json({ surveys }, { headers: { 'cache-control': 'private, no-store' } });
});

export const config: Config = { path: '/api/admin/answered-questions' };
