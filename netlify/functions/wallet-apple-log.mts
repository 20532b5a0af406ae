import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { logText } from '../../src/http/log-text.ts';
import { endpoint, parseOr400 } from '../../src/http/respond.ts';
import { walletSettings } from '../../src/wallet/settings.ts';

const body = z.object({ logs: z.array(z.string().max(2000)).max(100) });

/** Apple's web service: devices report problems with the web service here; they go to the function log, one line each. */
export default endpoint(['POST'], async (request) => {
  if (!(await walletSettings(app())).apple) throw new HttpError(404, 'Apple Wallet is not set up');
  const { logs } = parseOr400(body, (await readBody(request)).data);
  for (const line of logs) console.warn(`Apple Wallet device log: ${logText(line)}`);
  return new Response(null, { status: 200 });
});

export const config: Config = { path: '/api/wallet/apple/v1/log' };
