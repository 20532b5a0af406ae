import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { endpoint } from '../../src/http/respond.ts';
import { startCookie } from '../../src/surveys/record-response.ts';

// A transparent 1×1 GIF: the survey page loads it as an image, so no script is needed.
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/**
 * GET /api/responses/start: notes when the visitor opened the survey, in a
 * signed cookie, so that a post seconds later (a program) can be told apart.
 */
export default endpoint(['GET'], async () =>
  new Response(pixel, {
    headers: { 'content-type': 'image/gif', 'cache-control': 'no-store', 'set-cookie': startCookie(app()) },
  }),
);

export const config: Config = { path: '/api/responses/start' };
