import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { isForm, readBody } from '../../src/http/body.ts';
import { endpoint, parseOr400, seeOther } from '../../src/http/respond.ts';
import { locales } from '../../src/i18n/locales.ts';
import { logOut } from '../../src/sessions/sessions.ts';

const input = z.strictObject({ lang: z.enum(locales).optional() });

/** Ends the staff session of this phone on the server. */
export default endpoint(['POST'], async (request) => {
  const { lang } = parseOr400(input, (await readBody(request)).data);
  const headers = { 'set-cookie': await logOut(app(), 'staff', request), 'cache-control': 'no-store' };
  return isForm(request) ? seeOther(`/staff/${lang ? `?lang=${lang}` : ''}`, headers) : Response.json({ ok: true }, { headers });
});

export const config: Config = { path: '/api/staff/logout' };
