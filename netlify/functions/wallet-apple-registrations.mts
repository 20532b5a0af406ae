import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { pathParams } from '../../src/http/path-params.ts';
import { endpoint, parseOr400 } from '../../src/http/respond.ts';
import { authorised } from '../../src/wallet/apple/web-service.ts';
import { registerDevice, unregisterDevice } from '../../src/wallet/queries.ts';
import { deviceIdPattern } from '../../src/wallet/records.ts';
import { walletSettings } from '../../src/wallet/settings.ts';

const body = z.object({ pushToken: z.string().regex(/^[0-9A-Za-z]{8,200}$/) });

/**
 * Apple's web service: a device registers for a pass's updates (POST, body { pushToken }) or unregisters
 * (DELETE), `Authorization: ApplePass {token}`. 201 new, 200 known, 401 wrong token.
 */
export default endpoint(['POST', 'DELETE'], async (request) => {
  const current = app();
  const { device = '', passTypeId = '', serial = '' } = pathParams(request, config.path);
  const { apple } = await walletSettings(current);
  if (!apple || passTypeId !== apple.passTypeId || !deviceIdPattern.test(device)) throw new HttpError(404, 'Unknown pass type or device');
  if (!authorised(current, request, serial)) return new Response(null, { status: 401 });
  if (request.method === 'DELETE') {
    await unregisterDevice(current.db, device, serial);
    return new Response(null, { status: 200 });
  }
  const { pushToken } = parseOr400(body, (await readBody(request)).data);
  const result = await registerDevice(current.db, device, serial, pushToken, current.now());
  return new Response(null, { status: result === 'created' ? 201 : 200 });
});

export const config: Config = { path: '/api/wallet/apple/v1/devices/:device/registrations/:passTypeId/:serial' };
