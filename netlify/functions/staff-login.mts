import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { isForm, readBody } from '../../src/http/body.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { sameOriginPath } from '../../src/http/same-origin.ts';
import { endpoint, parseOr400, problem, seeOther } from '../../src/http/respond.ts';
import { locales } from '../../src/i18n/locales.ts';
import { logIn, signedInHeaders } from '../../src/sessions/sessions.ts';

const input = z.object({
  pin: z.string().min(1).max(200),
  /** Where to go after signing in: a card page or the staff page, never another site. */
  next: z.string().max(200).optional(),
  lang: z.enum(locales).optional(),
});

const safeNext = (next: string | undefined) => sameOriginPath(next, '/staff/', (path) => /^\/(c\/[A-Za-z0-9_-]+|staff\/)$/.test(path));

/** Staff sign in with STAFF_PIN; wrong tries limited per phone that signed in before, else per address and account. A form comes back to where it was with the session cookie. */
export default endpoint(['POST'], async (request, context) => {
  const { pin, next, lang } = parseOr400(input, (await readBody(request)).data);
  const result = await logIn(app(), 'staff', clientAddress(request, context), pin, request);
  if (isForm(request)) {
    if (result.ok) return seeOther(safeNext(next), signedInHeaders(result));
    const query = new URLSearchParams({ error: result.reason, next: safeNext(next), ...(lang ? { lang } : {}) });
    if (result.reason === 'rate-limited') query.set('wait', String(result.retryAfter));
    return seeOther(`/staff/?${query}`);
  }
  if (result.ok) return Response.json({ ok: true }, { headers: signedInHeaders(result) });
  if (result.reason === 'rate-limited') {
    const response = problem(429, `Too many attempts: try again in ${result.retryAfter} s`);
    response.headers.set('retry-after', String(result.retryAfter));
    return response;
  }
  return problem(401, 'Wrong PIN');
});

export const config: Config = { path: '/api/staff/login' };
