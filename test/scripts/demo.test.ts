import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { dbOver } from '../../src/db/db.ts';
import { cardBalance } from '../../src/loyalty/card.ts';
import { cardHistory } from '../../src/loyalty/queries.ts';
import { startLocalDb } from '../support/local-db.ts';
import { tempDir } from '../support/temp.ts';

// Starts a Node process: seconds on a busy machine.
describe('npm run demo', { timeout: 120_000 }, () => {
  test("leaves a card with a reward ready to redeem in npm start's database, and prints its address", async () => {
    const database = await startLocalDb();
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const env = { ...process.env, DATA_DIR: await tempDir(), STORE: 'file', SITE_URL: 'http://localhost:4321', NETLIFY_DB_URL: database.url };
      const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.ts'], { env });
      const code = /http:\/\/localhost:4321\/c\/([A-Za-z0-9_-]{18})\s/.exec(stdout)?.[1];
      expect(code).toBeDefined();
      const history = await cardHistory(dbOver(pool, async () => undefined), code!.slice(0, 8));
      expect(cardBalance(history, readProgramme())).toMatchObject({ ready: 1, redeemed: 0 });
    } finally {
      await pool.end();
      await database.stop();
    }
  });
});
