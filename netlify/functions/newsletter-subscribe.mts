import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { HttpError } from '../../src/http/errors.ts';
import { endpoint, parseOr400, seeOther } from '../../src/http/respond.ts';
import { locales } from '../../src/i18n/locales.ts';
import { t } from '../../src/i18n/strings.ts';
import { signupFixPage } from '../../src/newsletter/pages.ts';
import { subscribe } from '../../src/newsletter/subscribe.ts';

const input = z.object({
  email: z.string().max(320),
  lang: z.enum(locales),
  /** Which form: the page footer, the newsletter page, or an API client. */
  source: z.enum(['footer', 'newsletter-page', 'api']).default('api'),
});

/** A sign-up (form or JSON): the answer is the same whether or not the address was already subscribed. */
export default endpoint(['POST'], async (request, context) => {
  const { kind, data } = await readBody(request);
  const { email, lang, source } = parseOr400(input, data);
  const result = await subscribe(app(), { email, locale: lang, source, client: clientAddress(request, context) });
  if (!result.ok && result.reason !== 'mail-failed' && kind === 'form') {
    const page = signupFixPage(lang, result.reason === 'invalid-email' ? 400 : 429, result.reason === 'invalid-email' ? 'newsletter.error.email' : 'newsletter.error.tooMany', { email, source });
    if (result.reason === 'rate-limited') page.headers.set('retry-after', String(result.retryAfter));
    return page;
  }
  if (!result.ok) {
    if (result.reason === 'invalid-email') throw new HttpError(400, t(lang, 'newsletter.error.email'), { email: [t(lang, 'newsletter.error.email')] });
    if (result.reason === 'rate-limited') throw new HttpError(429, t(lang, 'newsletter.error.tooMany'), { email: [t(lang, 'newsletter.error.tooMany')] });
    throw new Error('The confirmation email could not be sent');
  }
  if (kind === 'form') return seeOther(`/${lang}/newsletter/check-your-inbox/`);
  return Response.json({ ok: true, message: t(lang, 'newsletter.check.body') }, { status: 202, headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/subscribe' };
