import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { endpoint, parseOr400, seeOther } from '../../src/http/respond.ts';
import { loginPath } from '../../src/sessions/access.ts';
import { logOut } from '../../src/sessions/sessions.ts';

/** Signs the owner out: the session ends on the server (also when it already expired), then the login form. */
export default endpoint(['POST'], async (request) => {
  parseOr400(z.object({}).strict(), (await readBody(request)).data);
  return seeOther(loginPath, { 'set-cookie': await logOut(app(), 'admin', request), 'cache-control': 'no-store' });
});

export const config: Config = { path: '/api/admin/logout' };
