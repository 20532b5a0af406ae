import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { endpoint, parseOr400, requestLocale, seeOther } from '../../src/http/respond.ts';
import { cardPath, localeField } from '../../src/loyalty/card-action.ts';
import { confirmRegistrationChange, pendingChange } from '../../src/loyalty/register-card.ts';
import { changeGonePage, changePage } from '../../src/loyalty/registration-change-page.ts';

const input = z.object({ token: z.string().max(200), lang: localeField });

/**
 * The link emailed to a card's registered address when its details are to change: GET shows the new details
 * and a button (410 once the link expired or was used); the button's POST applies them, once, and goes to the card.
 */
export default endpoint(['GET', 'POST'], async (request, context) => {
  const current = app();
  const lang = requestLocale(request);
  if (request.method === 'GET') {
    const token = new URL(request.url).searchParams.get('token') ?? '';
    const pending = await pendingChange(current, token);
    return pending ? changePage(lang, pending, token) : changeGonePage(lang);
  }
  const form = parseOr400(input, (await readBody(request)).data);
  const result = await confirmRegistrationChange(current, form.token, clientAddress(request, context));
  if (!result.ok) return changeGonePage(form.lang ?? lang);
  return seeOther(cardPath(result.code, { lang: form.lang ?? result.registration.language, notice: 'changed' }));
});

export const config: Config = { path: '/api/cards/registration/confirm' };
