import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { readSite } from '../../src/catalog/read.ts';
import { endpoint } from '../../src/http/respond.ts';
import { insertReviewClick } from '../../src/surveys/queries.ts';

const shortValue = (value: string | null) => (value && /^[a-z0-9-]{1,60}$/i.test(value) ? value : null);

/**
 * GET /api/review?r={responseId}&at={location}: counts a click on "leave a public review"
 * (the dashboard's loyalty ladder uses it), then 302 to the shop's review page.
 */
export default endpoint(['GET'], async (request) => {
  const params = new URL(request.url).searchParams;
  const current = app();
  await insertReviewClick(current.db, { at: current.now(), responseId: params.get('r'), location: shortValue(params.get('at')) });
  return new Response(null, { status: 302, headers: { location: readSite().reviewUrl, 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/review' };
