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
describe('npm run demo', { timeout: 300_000 }, () => {
  test("fills a living shop and leaves a card with a reward ready to redeem in npm start's database, and prints its address; a second run adds only the card", async () => {
    const database = await startLocalDb();
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const env = { ...process.env, DATA_DIR: await tempDir(), SITE_URL: 'http://localhost:4321', NETLIFY_DB_URL: database.url };
      const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.ts'], { env });
      const code = /http:\/\/localhost:4321\/c\/([A-Za-z0-9_-]{18})\s/.exec(stdout)?.[1];
      expect(code).toBeDefined();
      const db = dbOver(pool, async () => undefined);
      const history = await cardHistory(db, code!.slice(0, 8));
      expect(cardBalance(history, readProgramme())).toMatchObject({ ready: 1, redeemed: 0 });
      // Enough for every chart and table of the dashboard: two months of answers, complaints in every state,
      // cards in use with a redemption, subscribers in every state, an approved issue.
      const count = async (sql: string) => Number((await db.query(sql))[0]?.n);
      expect(await count("SELECT count(DISTINCT (submitted_at AT TIME ZONE 'Europe/Madrid')::date)::int AS n FROM responses")).toBeGreaterThanOrEqual(55);
      expect(await db.query('SELECT status FROM followups GROUP BY status ORDER BY status')).toEqual([{ status: 'contacted' }, { status: 'open' }, { status: 'resolved' }]);
      expect(await count("SELECT count(DISTINCT card_id)::int AS n FROM card_events WHERE type = 'stamp'")).toBeGreaterThan(10);
      expect(await count("SELECT count(*)::int AS n FROM card_events WHERE type = 'redeem'")).toBeGreaterThan(0);
      expect(await db.query('SELECT status FROM subscribers GROUP BY status ORDER BY status')).toEqual([{ status: 'confirmed' }, { status: 'pending' }, { status: 'unsubscribed' }]);
      expect(await count('SELECT count(*)::int AS n FROM newsletter_approvals')).toBe(1);
      const responses = await count('SELECT count(*)::int AS n FROM responses');
      const again = await promisify(execFile)(process.execPath, ['scripts/demo.ts'], { env });
      expect(again.stdout).toContain('already there');
      expect(await count('SELECT count(*)::int AS n FROM responses')).toBe(responses);
    } finally {
      await pool.end();
      await database.stop();
    }
  });
});
