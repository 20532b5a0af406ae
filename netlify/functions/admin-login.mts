import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { endpoint, parseOr400, problem, seeOther } from '../../src/http/respond.ts';
import { loginPath, safeNext } from '../../src/sessions/access.ts';
import { logIn, signedInHeaders } from '../../src/sessions/sessions.ts';

const LoginBody = z.object({ password: z.string().min(1).max(200), next: z.string().max(500).optional() });

/** The owner signs in: a form post gets 303 to the dashboard (or back to the form with the reason); JSON gets 200/401/429. */
export default endpoint(['POST'], async (request, context) => {
  const { kind, data } = await readBody(request);
  const { password, next } = parseOr400(LoginBody, data);
  const result = await logIn(app(), 'admin', clientAddress(request, context), password, request);
  const noStore = { 'cache-control': 'no-store' };
  if (result.ok) return kind === 'form' ? seeOther(safeNext(next), signedInHeaders(result)) : Response.json({ ok: true }, { headers: signedInHeaders(result) });
  const retry: Record<string, string> = result.reason === 'rate-limited' ? { 'retry-after': String(result.retryAfter) } : {};
  if (kind === 'form') {
    const back = new URLSearchParams({ error: result.reason, next: safeNext(next) });
    if (result.reason === 'rate-limited') back.set('wait', String(result.retryAfter));
    return seeOther(`${loginPath}?${back}`, { ...noStore, ...retry });
  }
  const response = result.reason === 'wrong' ? problem(401, 'Wrong password') : problem(429, 'Too many attempts: try again later');
  for (const [name, value] of Object.entries(retry)) response.headers.set(name, value);
  return response;
});

export const config: Config = { path: '/api/admin/login' };
