import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import { readSite } from '../../src/catalog/read.ts';
import { localDay } from '../../src/domain/periods.ts';
import { startLocalDb } from '../support/local-db.ts';
import { tempDir } from '../support/temp.ts';

const run = promisify(execFile);

// Starts Node processes: seconds on a busy machine.
describe('npm run scheduled', { timeout: 300_000 }, () => {
  test('runs a scheduled function once by hand on the local database: a birthday greeting goes to the outbox, and a second run the same year sends none', async () => {
    const database = await startLocalDb();
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    try {
      const [, month, day] = localDay(new Date(), readSite().timeZone).split('-').map(Number);
      await pool.query("INSERT INTO cards (id, origin, created_at) VALUES ('BDAY0001', 'printed', now())");
      await pool.query(
        `INSERT INTO card_registrations (card_id, name, email, birthday_day, birthday_month, locale, newsletter, registered_at, updated_at)
         VALUES ('BDAY0001', 'Lucía', 'lucia@example.com', $1, $2, 'es', false, now(), now())`,
        [day, month],
      );
      const dataDir = await tempDir();
      const env = { ...process.env, DATA_DIR: dataDir, SITE_URL: 'http://localhost:4321', NETLIFY_DB_URL: database.url };
      const first = await run(process.execPath, ['scripts/scheduled.ts', 'birthday-greetings'], { env });
      expect(first.stdout).toContain('birthday-greetings: HTTP 200 {"sent":1,"skipped":0,"failed":0,"pending":0}');
      const [eml, ...more] = (await readdir(join(dataDir, 'outbox'))).filter((file) => file.endsWith('.eml'));
      expect(more).toEqual([]);
      expect(await readFile(join(dataDir, 'outbox', eml!), 'utf8')).toContain('To: lucia@example.com');
      const again = await run(process.execPath, ['scripts/scheduled.ts', 'birthday-greetings'], { env });
      expect(again.stdout).toContain('{"sent":0,"skipped":1,"failed":0,"pending":0}');
      expect((await pool.query('SELECT status FROM birthday_greetings')).rows).toEqual([{ status: 'sent' }]);
    } finally {
      await pool.end();
      await database.stop();
    }
  });

  test('names the scheduled functions when the name is not one of them, and runs nothing', async () => {
    const failed = await run(process.execPath, ['scripts/scheduled.ts', 'stamps']).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('one of: birthday-greetings, newsletter-send, wallet-retry, win-back');
  });
});
