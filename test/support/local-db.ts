import { NetlifyDB } from '@netlify/database-dev';
import pg from 'pg';
import { withUser } from '../../src/app.ts';
import { dbOver } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';

/**
 * Netlify Database's local emulation (PGlite served over TCP, as `npm start` runs it), in memory and
 * migrated: for tests that go through `app()` and NETLIFY_DB_URL like a function does.
 * @example const { url, stop } = await startLocalDb()
 */
export async function startLocalDb(): Promise<{ url: string; stop: () => Promise<void> }> {
  const emulation = new NetlifyDB({ logger: () => undefined });
  const url = withUser(await emulation.start());
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await migrate(dbOver(pool, () => pool.end()));
  await pool.end();
  return { url, stop: () => emulation.stop() };
}
