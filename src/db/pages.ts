import type { z } from 'zod';
import { rows, type Db } from './db.ts';

/** Rows per page: a page is held at a time, so memory stays flat however long the history. */
export const PAGE_ROWS = 1000;

/**
 * Every row of a keyset-paged query, a page at a time. `sql` takes the previous page's last key as
 * `$1, $2` (NULLs for the first page: write `($1::timestamptz IS NULL OR (at, id) > ($1, $2))`), then
 * `params` as `$3…`, and must `ORDER BY` the key and `LIMIT $n` with the page size last. Keyset pages work
 * the same on every driver (Netlify's serverless one included) and never hold a transaction open.
 * @example for await (const row of keysetRows(db, schema, sql, [tz], (row) => [row.at, row.id])) …
 */
export async function* keysetRows<T>(db: Db, schema: z.ZodType<T>, sql: string, params: readonly unknown[], keyOf: (row: T) => [unknown, unknown]): AsyncGenerator<T> {
  let after: [unknown, unknown] = [null, null];
  for (;;) {
    const page = await rows(db, schema, sql, [...after, ...params, PAGE_ROWS]);
    yield* page;
    if (page.length < PAGE_ROWS) return;
    after = keyOf(page.at(-1)!);
  }
}
