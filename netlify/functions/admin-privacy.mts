import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { adminEndpoint } from '../../src/sessions/access.ts';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { parseOr400, problem, seeOther } from '../../src/http/respond.ts';
import { erasePerson, findPerson, personPseudonym } from '../../src/privacy/privacy.ts';

const email = z.string().trim().min(3).max(254);
const EraseBody = z.object({ email, confirm: z.literal('erase', { error: 'Tick the box to confirm the erasure' }) });

/** Owner only. GET ?email=… downloads everything stored about an address as JSON; POST erases it (no address in the 303's URL). */
export default adminEndpoint(['GET', 'POST'], async (request) => {
  const current = app();
  if (request.method === 'GET') {
    const data = await findPerson(current, parseOr400(email, new URL(request.url).searchParams.get('email'), 'Give an email address'));
    if (!data) return problem(400, 'That is not an email address', { email: ['Not an email address'] });
    return new Response(JSON.stringify({ exportedAt: current.now().toISOString(), ...data }, null, 2), {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': `attachment; filename="vuelve-data-${personPseudonym(current, data.email).slice(0, 10)}.json"`,
        'cache-control': 'private, no-store',
      },
    });
  }
  const { kind, data } = await readBody(request);
  const body = parseOr400(EraseBody, data);
  const erased = await erasePerson(current, body.email);
  if (!erased) return problem(400, 'That is not an email address', { email: ['Not an email address'] });
  if (kind === 'form') return seeOther(`/admin/privacy/?${new URLSearchParams(Object.entries(erased).map(([k, v]) => [k, String(v)]))}&erased=1`);
  return Response.json({ erased }, { headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/admin/privacy' };
