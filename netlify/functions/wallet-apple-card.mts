import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { HttpError } from '../../src/http/errors.ts';
import { pathParams } from '../../src/http/path-params.ts';
import { endpoint, parseOr400 } from '../../src/http/respond.ts';
import { locales } from '../../src/i18n/locales.ts';
import { cardIdOf } from '../../src/loyalty/codes.ts';
import { PKPASS_TYPE } from '../../src/wallet/apple/pkpass.ts';
import { latestPass } from '../../src/wallet/apple/web-service.ts';
import { addPass } from '../../src/wallet/queries.ts';
import { walletSettings } from '../../src/wallet/settings.ts';

const query = z.object({ lang: z.enum(locales).default('en') });

/** GET /api/wallet/apple/cards/{code}?lang=es: "Add to Apple Wallet", the card's signed pass in that language. */
export default endpoint(['GET'], async (request) => {
  const current = app();
  const url = new URL(request.url);
  const { code = '' } = pathParams(request, config.path);
  const cardId = cardIdOf(current, code);
  if (!(await walletSettings(current)).apple || !cardId) throw new HttpError(404, 'Unknown card, or Apple Wallet is not set up');
  const { lang } = parseOr400(query, Object.fromEntries(url.searchParams));
  await addPass(current.db, cardId, 'apple', lang, current.now());
  const { pass } = await latestPass(current, cardId);
  return new Response(new Uint8Array(pass), {
    headers: { 'content-type': PKPASS_TYPE, 'content-disposition': `attachment; filename="card-${cardId}.pkpass"`, 'cache-control': 'no-store' },
  });
});

export const config: Config = { path: '/api/wallet/apple/cards/:code' };
