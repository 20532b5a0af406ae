import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { isForm, readBody } from '../../src/http/body.ts';
import { endpoint, parseOr400, requestLocale, seeOther } from '../../src/http/respond.ts';
import { issueBatch, MAX_BATCH } from '../../src/loyalty/batches.ts';
import { localeField, sessionRequired } from '../../src/loyalty/card-action.ts';
import { cardUrl, paperNames } from '../../src/print/card-sheet.ts';
import { hasSession } from '../../src/services/sessions.ts';

const input = z.object({
  count: z.coerce.number().int().min(1).max(MAX_BATCH),
  paper: z.enum(paperNames).default('a4'),
  /** Language of the card fronts. */
  lang: localeField,
});

/** The owner creates a batch of cards; a form goes on to its print page. */
export default endpoint(['POST'], async (request) => {
  const current = app();
  if (!hasSession(current, 'admin', request)) return sessionRequired(request, 'admin', requestLocale(request));
  const { count, paper, lang } = parseOr400(input, (await readBody(request)).data);
  const { batch, codes } = await issueBatch(current, count);
  const print = `/admin/cards/print/?${new URLSearchParams({ batch: batch.id, paper, ...(lang ? { lang } : {}) })}`;
  if (isForm(request)) return seeOther(print);
  return Response.json({ batch, codes, urls: codes.map((code) => cardUrl(current.config.siteUrl, code)), print }, { status: 201, headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/cards/batches' };
