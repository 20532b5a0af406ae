import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { endpoint } from '../../src/http/respond.ts';

/** Which store and mailer this deployment uses; no secrets, no data. */
export default endpoint(['GET'], async () => {
  const { store, mailer } = app();
  return Response.json({ ok: true, store: store.kind, mailer: mailer.kind }, { headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/health' };
