import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { endpoint } from '../../src/http/respond.ts';

/**
 * Which store and mailer this deployment uses; no secrets, no data. On Netlify, 503
 * naming the variables still to set, so a monitor sees a half-configured shop.
 */
export default endpoint(['GET'], async () => {
  const { store, mailer, config } = app();
  const ok = config.missing.length === 0;
  return Response.json(
    { ok, store: store.kind, mailer: mailer.kind, ...(ok ? {} : { missing: config.missing }) },
    { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
});

export const config: Config = { path: '/api/health' };
