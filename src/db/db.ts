import type { z } from 'zod';

/** A row as the driver returns it; every reader checks it with a zod schema (`rows()`). */
export type Row = Record<string, unknown>;

/**
 * The database as every feature sees it (Netlify Database, its PGlite emulation, or PostgreSQL in tests): one
 * statement at a time. Deliberately no `transaction()`: what must happen once, or all together, is one statement
 * (a constraint, INSERT … ON CONFLICT, a data-modifying WITH), atomic on every engine.
 */
export interface Db {
  query(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Closes the connections (scripts and tests; functions keep theirs for the next invocation). */
  close(): Promise<void>;
}

/** What node-postgres' Pool, Neon's Pool and PGlite have in common. */
interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

/** A Db over a node-postgres or Neon pool (a statement without parameters goes as one simple query, so a migration's many statements run together). */
export function dbOver(client: Queryable, close: () => Promise<void>): Db {
  return {
    query: async (text, params = []) => (await client.query(text, [...params])).rows,
    close,
  };
}

/** What the Db needs of PGlite (tests run it in-process). */
interface PGliteLike extends Queryable {
  exec(text: string): Promise<{ rows: Row[] }[]>;
  close(): Promise<void>;
}

/**
 * A Db over an in-process PGlite: `query` takes one statement, `exec` many (as the simple protocol does on a server).
 * It plans as `npm start`'s emulation does: PGlite's build starts its session with sequential scans off, and the
 * emulation turns them on (patches/@netlify+database-dev+*.patch), as a server has them.
 */
export function dbOverPGlite(pglite: PGliteLike): Db {
  const planning = pglite.exec('SET enable_seqscan = on');
  return {
    query: async (text, params = []) => {
      await planning;
      return params.length > 0 ? (await pglite.query(text, [...params])).rows : ((await pglite.exec(text)).at(-1)?.rows ?? []);
    },
    close: () => pglite.close(),
  };
}

/**
 * The rows of one statement, each checked against `schema`.
 * @example const counts = await rows(db, z.object({ status: z.string(), n: z.coerce.number() }), 'SELECT status, count(*) n FROM followups GROUP BY status')
 */
export async function rows<T>(db: Db, schema: z.ZodType<T>, text: string, params: readonly unknown[] = []): Promise<T[]> {
  return (await db.query(text, params)).map((row) => schema.parse(row));
}

/** The first row of one statement, checked, or undefined when there is none. */
export async function firstRow<T>(db: Db, schema: z.ZodType<T>, text: string, params: readonly unknown[] = []): Promise<T | undefined> {
  const [row] = await db.query(text, params);
  return row === undefined ? undefined : schema.parse(row);
}
