import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { loginPath } from '../../src/admin/access.ts';
import { readBody } from '../../src/http/body.ts';
import { endpoint, parseOr400, seeOther } from '../../src/http/respond.ts';
import { logOutCookie } from '../../src/services/sessions.ts';

/** Signs the owner out (also when the session already expired) and returns to the login form. */
export default endpoint(['POST'], async (request) => {
  parseOr400(z.object({}).strict(), (await readBody(request)).data);
  return seeOther(loginPath, { 'set-cookie': logOutCookie('admin'), 'cache-control': 'no-store' });
});

export const config: Config = { path: '/api/admin/logout' };
