import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

/** Where the schema lives (from this file, whatever the working folder); Netlify applies the same files on every deploy. */
export const migrationsDir = fileURLToPath(new URL('../../netlify/database/migrations', import.meta.url));

// The table Netlify's own tooling (and its local emulation) records applied migrations in, so the three agree.
const tracking = 'netlify.migrations';

/**
 * Applies the migrations not yet applied, in name order, and returns their names (`npm start` and tests; on Netlify
 * the deploy does). Each is one multi-statement query, one implicit transaction: a failure leaves nothing half-done.
 * @example await migrate(db) // ['0001_surveys', …] the first time, [] after
 */
export async function migrate(db: Db, directory = migrationsDir): Promise<string[]> {
  await db.query(`CREATE SCHEMA IF NOT EXISTS netlify; CREATE TABLE IF NOT EXISTS ${tracking} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = (await readdir(directory)).filter((name) => /^\d+_.+\.sql$/.test(name)).sort();
  const applied = new Set((await db.query(`SELECT name FROM ${tracking}`)).map((row) => String(row.name)));
  const done: string[] = [];
  for (const file of files) {
    const name = file.slice(0, -'.sql'.length);
    if (applied.has(name)) continue;
    const sql = await readFile(`${directory}/${file}`, 'utf8');
    // One simple-protocol query: the migration and its record commit together, or not at all. A second
    // process applying the same migration at once fails on the record's primary key and changes nothing.
    await db.query(`${sql};\nINSERT INTO ${tracking} (name) VALUES ('${name.replaceAll("'", "''")}')`);
    done.push(name);
  }
  return done;
}
