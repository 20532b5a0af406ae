import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { HttpError } from '../../src/http/errors.ts';
import { pathParams } from '../../src/http/path-params.ts';
import { endpoint } from '../../src/http/respond.ts';
import { updatedSerials } from '../../src/wallet/apple/web-service.ts';
import { deviceIdPattern } from '../../src/wallet/records.ts';
import { walletSettings } from '../../src/wallet/settings.ts';

/**
 * Apple's web service: which of a device's passes changed since `passesUpdatedSince` (the tag it got last
 * time). 200 { serialNumbers, lastUpdated }, or 204 when none did.
 */
export default endpoint(['GET'], async (request) => {
  const current = app();
  const url = new URL(request.url);
  const { device = '', passTypeId = '' } = pathParams(request, config.path);
  const { apple } = await walletSettings(current);
  if (!apple || passTypeId !== apple.passTypeId || !deviceIdPattern.test(device)) throw new HttpError(404, 'Unknown pass type or device');
  const result = await updatedSerials(current, device, url.searchParams.get('passesUpdatedSince') ?? undefined);
  if (result.serialNumbers.length === 0) return new Response(null, { status: 204 });
  return Response.json(result, { headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/wallet/apple/v1/devices/:device/registrations/:passTypeId' };
