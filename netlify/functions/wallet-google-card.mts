import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { HttpError } from '../../src/http/errors.ts';
import { pathParams } from '../../src/http/path-params.ts';
import { endpoint, parseOr400 } from '../../src/http/respond.ts';
import { locales } from '../../src/i18n/locales.ts';
import { cardIdOf } from '../../src/loyalty/codes.ts';
import { cardView } from '../../src/wallet/card-view.ts';
import { saveUrl } from '../../src/wallet/google/google-wallet.ts';
import { addPass } from '../../src/wallet/queries.ts';
import { walletSettings } from '../../src/wallet/settings.ts';

const query = z.object({ lang: z.enum(locales).default('en') });

/** GET /api/wallet/google/cards/{code}?lang=es: "Save to Google Wallet", a 303 to Google's save page with the signed card. */
export default endpoint(['GET'], async (request) => {
  const current = app();
  const url = new URL(request.url);
  const { code = '' } = pathParams(request, config.path);
  const cardId = cardIdOf(current, code);
  const { google } = await walletSettings(current);
  if (!google || !cardId) throw new HttpError(404, 'Unknown card, or Google Wallet is not set up');
  const { lang } = parseOr400(query, Object.fromEntries(url.searchParams));
  await addPass(current.db, cardId, 'google', lang, current.now());
  const location = await saveUrl(google, await cardView(current, cardId, lang), current.config.siteUrl, current.now());
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/wallet/google/cards/:code' };
