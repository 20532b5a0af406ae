import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { databaseAnswers } from '../../src/db/health.ts';
import { endpoint } from '../../src/http/respond.ts';

/**
 * Whether the database answers and which mailer this deployment uses; no secrets, no data. On Netlify,
 * 503 naming the variables still to set, so a monitor sees a half-configured shop; 503 too while the
 * database does not answer.
 */
export default endpoint(['GET'], async () => {
  const { mailer, config } = app();
  const database = await databaseAnswers(app());
  const ok = config.missing.length === 0 && database;
  return Response.json(
    { ok, database: database ? 'ok' : 'unreachable', mailer: mailer.kind, ...(config.missing.length === 0 ? {} : { missing: config.missing }) },
    { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
});

export const config: Config = { path: '/api/health' };
