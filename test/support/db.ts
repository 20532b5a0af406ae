import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { dbOver, dbOverPGlite, type Db } from '../../src/db/db.ts';
import { migrate } from '../../src/db/migrate.ts';

export type Engine = 'PGlite' | 'PostgreSQL';

/**
 * The engines every data test runs on: PGlite (as `npm start` uses it) and a real PostgreSQL server
 * (as Netlify runs it), for `describe.each(engines)`. The server is started by the global setup; without
 * the package, off CI, the PostgreSQL half is left out (on CI the setup fails instead).
 */
export const engines: Engine[] = inject('postgresUrl') ? ['PGlite', 'PostgreSQL'] : ['PGlite'];

/**
 * A fresh, migrated, empty database on `engine`; `close()` drops it.
 * @example const db = await freshDb('PostgreSQL'); … await db.close()
 */
export async function freshDb(engine: Engine): Promise<Db> {
  if (engine === 'PGlite') {
    const db = dbOverPGlite(await PGlite.create());
    await migrate(db);
    return db;
  }
  return (await postgresDatabase()).db;
}

/**
 * A fresh, migrated database on the real PostgreSQL server, with its address (for a process of its own,
 * such as a bundled function); `db.close()` drops it.
 */
export async function postgresDatabase(): Promise<{ url: string; db: Db }> {
  const server = inject('postgresUrl');
  if (!server) throw new Error('No PostgreSQL server for this run: install postgresql (apt-get install postgresql)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(server);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = server.replace(/\/[^/]*$/, `/${name}`);
  const pool = new pg.Pool({ connectionString: url, max: 20, idleTimeoutMillis: 1000 });
  // An idle connection ended by DROP DATABASE … WITH (FORCE) must not fail the run.
  pool.on('error', () => undefined);
  const db = dbOver(pool, async () => {
    await pool.end();
    const drop = new pg.Client(server);
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  });
  await migrate(db);
  return { url, db };
}

/** How many rows each table holds: to prove that a refused request stored nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) counts[String(table_name)] = Number((await db.query(`SELECT count(*)::int AS n FROM "${String(table_name)}"`))[0]?.n);
  return counts;
}
