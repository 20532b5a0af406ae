import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { readSite } from '../../src/catalog/read.ts';
import { cardManifest } from '../../src/domain/web-manifest.ts';
import { HttpError } from '../../src/http/errors.ts';
import { pathParams } from '../../src/http/path-params.ts';
import { endpoint, requestLocale } from '../../src/http/respond.ts';
import { cardIdOf } from '../../src/loyalty/codes.ts';

// Home-screen icons: the logo, and PNGs made from it by `npm run wallet-images` (Android wants 192 and 512 px).
const icons = [
  { src: '/icons/card-192.png', sizes: '192x192', type: 'image/png' },
  { src: '/icons/card-512.png', sizes: '512x512', type: 'image/png' },
];

/** GET /api/cards/{code}/manifest: what "add to home screen" installs for one card. */
export default endpoint(['GET'], async (request) => {
  const { code = '' } = pathParams(request, config.path);
  if (!cardIdOf(app(), code)) throw new HttpError(404, 'Unknown card: this code is not genuine');
  const lang = requestLocale(request);
  const site = readSite();
  const manifest = cardManifest({ code, lang, name: readProgramme().name[lang], shop: site.name, colors: site.colors, icons });
  return new Response(JSON.stringify(manifest), { headers: { 'content-type': 'application/manifest+json', 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/cards/:code/manifest' };
