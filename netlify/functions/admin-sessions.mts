import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { parseOr400, seeOther } from '../../src/http/respond.ts';
import { adminEndpoint, loginPath } from '../../src/sessions/access.ts';
import { signOutEverywhere, signOutScopes, type SignOutScope } from '../../src/sessions/sessions.ts';

const input = z.object({ action: z.enum(Object.keys(signOutScopes) as [SignOutScope, ...SignOutScope[]]) });

/**
 * Owner only. POST /api/admin/sessions with `action=staff` signs out every staff phone (back to the overview's
 * sign-ins); `action=all` every session, the owner's own too (then the login form). JSON gets { ended }.
 */
export default adminEndpoint(['POST'], async (request) => {
  const { kind, data } = await readBody(request);
  const { action } = parseOr400(input, data);
  const ended = await signOutEverywhere(app(), action);
  if (kind === 'json') return Response.json({ ended }, { headers: { 'cache-control': 'no-store' } });
  return seeOther(action === 'all' ? loginPath : `/admin/?signedOut=staff#sign-ins`, { 'cache-control': 'no-store' });
});

export const config: Config = { path: '/api/admin/sessions' };
