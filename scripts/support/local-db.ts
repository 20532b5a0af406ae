// The npm scripts (demo, cards, newsletter) reach the same local database as `npm start`: the running
// server's, whose address Netlify's dev layer writes to .netlify/state.json, or, when it is not running, the
// same files (.netlify/db/) opened here. NETLIFY_DB_URL, when set, wins (another Postgres server).
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { withUser } from '../../src/app.ts';
import { dbOver } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Sets NETLIFY_DB_URL for this process and returns a function that stops what it started.
 * @example const stop = await useLocalDatabase(); … await stop()
 */
export async function useLocalDatabase(): Promise<() => Promise<void>> {
  let stop = async (): Promise<void> => undefined;
  if (!process.env.NETLIFY_DB_URL) {
    const state = await readFile('.netlify/state.json', 'utf8').then((text) => JSON.parse(text) as { dbConnectionString?: string }, () => ({}) as { dbConnectionString?: string });
    if (state.dbConnectionString && (await answers(withUser(state.dbConnectionString)))) {
      process.env.NETLIFY_DB_URL = withUser(state.dbConnectionString);
    } else {
      const { NetlifyDB } = await import('@netlify/database-dev');
      const emulation = new NetlifyDB({ directory: '.netlify/db', logger: () => undefined });
      process.env.NETLIFY_DB_URL = withUser(await emulation.start());
      stop = () => emulation.stop();
    }
  }
  // Whichever database it is, its schema is brought up to date first, as `npm start` and a deploy do.
  const pool = new pg.Pool({ connectionString: process.env.NETLIFY_DB_URL, max: 1 });
  await migrate(dbOver(pool, () => pool.end()));
  await pool.end();
  return stop;
}
