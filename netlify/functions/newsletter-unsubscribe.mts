import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { endpoint, parseOr400, requestLocale, seeOther } from '../../src/http/respond.ts';
import { readUnsubscribeToken } from '../../src/newsletter/links.ts';
import { linkProblemPage } from '../../src/newsletter/pages.ts';
import { unsubscribe } from '../../src/newsletter/unsubscribe.ts';

// RFC 8058 mail programs POST `List-Unsubscribe=One-Click` to the link itself: the token is in the query.
const input = z.object({ token: z.string().min(1).max(2000) });

/** GET: to the page with one button (no change on GET, so link scanners unsubscribe nobody). POST: unsubscribes at once. */
export default endpoint(['GET', 'POST'], async (request) => {
  const url = new URL(request.url);
  const locale = requestLocale(request);
  if (request.method === 'GET') {
    return seeOther(`/${locale}/newsletter/unsubscribe/?${new URLSearchParams({ token: url.searchParams.get('token') ?? '' })}`, { 'cache-control': 'no-store' });
  }
  const { kind, data } = await readBody(request);
  const { token } = parseOr400(input, { token: url.searchParams.get('token') ?? (data as { token?: unknown } | null)?.token });
  const link = readUnsubscribeToken(app(), token);
  if (!link) return linkProblemPage(locale, 400, 'newsletter.link.invalid.body');
  const result = await unsubscribe(app(), link.email, locale, { issue: link.issue });
  if (kind === 'form') return seeOther(`/${result.locale}/newsletter/unsubscribed/`, { 'cache-control': 'no-store' });
  return Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/unsubscribe' };
