import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { isForm, readBody } from '../../src/http/body.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { HttpError } from '../../src/http/errors.ts';
import { endpoint, parseOr400, seeOther } from '../../src/http/respond.ts';
import { locales } from '../../src/i18n/locales.ts';
import { t } from '../../src/i18n/strings.ts';
import { cardPath, localeField } from '../../src/loyalty/card-action.ts';
import { registerCard } from '../../src/loyalty/register-card.ts';
import { registrationDetails } from '../../src/loyalty/registration.ts';
import { hasSession } from '../../src/services/sessions.ts';

const optionalNumber = z.union([z.literal('').transform(() => undefined), z.coerce.number().int()]).optional();

/** The form's flat fields (JSON may send the same); a checkbox is absent when not ticked. */
const input = z.object({
  name: z.string(),
  email: z.string(),
  birthdayDay: optionalNumber,
  birthdayMonth: optionalNumber,
  language: z.enum(locales),
  newsletter: z.union([z.boolean(), z.enum(['on', 'yes', 'true']).transform(() => true)]).default(false),
  lang: localeField,
});

/**
 * A customer registers their card (optional): name, email, birthday day and month, language, and a newsletter
 * sign-up (confirmed by email). A registered card's details change at once for staff; from the code alone, once
 * the registered address confirms (form: 303 to the card saying so; JSON: 202 { outcome: 'confirm-sent' }).
 */
export default endpoint(['POST'], async (request, context) => {
  // The use case verifies the code's signature before it writes anything.
  const code = new URL(request.url).pathname.split('/')[3] ?? '';
  const form = parseOr400(input, (await readBody(request)).data);
  const { birthdayDay: day, birthdayMonth: month } = form;
  if ((day === undefined) !== (month === undefined)) {
    throw new HttpError(400, 'Invalid request', { birthday: [t(form.lang ?? form.language, 'loyalty.register.birthdayPair')] });
  }
  const details = parseOr400(registrationDetails, {
    name: form.name,
    email: form.email,
    birthday: day === undefined || month === undefined ? null : { day, month },
    language: form.language,
    newsletter: form.newsletter,
  });
  const current = app();
  const staff = hasSession(current, 'staff', request) || hasSession(current, 'admin', request);
  const result = await registerCard(current, code, details, { client: clientAddress(request, context), staff });
  if (!result.ok) throw new HttpError(404, 'Unknown card: this code is not genuine');
  const { outcome } = result;
  if (isForm(request)) return seeOther(cardPath(code, { lang: form.lang, notice: outcome === 'unchanged' ? 'registered' : outcome }));
  return Response.json({ ok: true, outcome }, { status: outcome === 'confirm-sent' ? 202 : 200, headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/cards/:code/register' };
