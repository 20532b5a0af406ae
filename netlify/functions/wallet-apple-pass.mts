import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { HttpError } from '../../src/http/errors.ts';
import { pathParams } from '../../src/http/path-params.ts';
import { endpoint } from '../../src/http/respond.ts';
import { PKPASS_TYPE } from '../../src/wallet/apple/pkpass.ts';
import { authorised, latestPass } from '../../src/wallet/apple/web-service.ts';
import { walletSettings } from '../../src/wallet/settings.ts';

/** Apple's web service: the latest version of a pass (`Authorization: ApplePass {token}`); 304 if unchanged. */
export default endpoint(['GET'], async (request) => {
  const current = app();
  const { passTypeId = '', serial = '' } = pathParams(request, config.path);
  const { apple } = await walletSettings(current);
  if (!apple || passTypeId !== apple.passTypeId) throw new HttpError(404, 'Unknown pass type');
  if (!authorised(current, request, serial)) return new Response(null, { status: 401 });
  const { pass, updatedAt } = await latestPass(current, serial);
  // HTTP dates have whole seconds.
  const modified = new Date(Math.floor(updatedAt.getTime() / 1000) * 1000);
  const since = Date.parse(request.headers.get('if-modified-since') ?? '');
  if (!Number.isNaN(since) && modified.getTime() <= since) return new Response(null, { status: 304 });
  return new Response(new Uint8Array(pass), { headers: { 'content-type': PKPASS_TYPE, 'last-modified': modified.toUTCString(), 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/wallet/apple/v1/passes/:passTypeId/:serial' };
