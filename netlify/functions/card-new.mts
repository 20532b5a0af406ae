import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { isForm, readBody } from '../../src/http/body.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { HttpError } from '../../src/http/errors.ts';
import { errorPage } from '../../src/http/page.ts';
import { endpoint, parseOr400, problem, seeOther } from '../../src/http/respond.ts';
import { locales } from '../../src/i18n/locales.ts';
import { t } from '../../src/i18n/strings.ts';
import { cardPath } from '../../src/loyalty/card-action.ts';
import { issueDigitalCard } from '../../src/loyalty/digital-card.ts';
import { cardUrl } from '../../src/print/card-sheet.ts';

const input = z.object({
  lang: z.enum(locales),
  /** The honeypot: hidden from people, filled by naive bots. */
  website: z.string().max(1000).optional(),
});

/**
 * POST /api/cards/new: digital sign-up at the counter. A form (no script needed)
 * gets 303 to the new card's page; JSON gets 201 { code, url }.
 */
export default endpoint(['POST'], async (request, context) => {
  const { lang, website } = parseOr400(input, (await readBody(request)).data);
  const current = app();
  const result = await issueDigitalCard(current, { locale: lang, client: clientAddress(request, context), honeypot: website });
  if (!result.ok && result.reason === 'bot') throw new HttpError(400, 'Invalid request');
  if (!result.ok) {
    const message = t(lang, 'loyalty.signup.rateLimited');
    const response = isForm(request)
      ? new Response(errorPage(lang, [message], `/${lang}/card/new/`), { status: 429, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } })
      : problem(429, 'Too many sign-ups from this address; try again later');
    response.headers.set('retry-after', String(result.retryAfter));
    return response;
  }
  if (isForm(request)) return seeOther(cardPath(result.code, { lang, notice: 'created' }));
  return Response.json({ code: result.code, url: cardUrl(current.config.siteUrl, result.code) }, { status: 201, headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/cards/new' };
