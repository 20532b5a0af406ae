import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { cardBalance } from '../../src/domain/card.ts';
import { cardHistory } from '../../src/services/cards.ts';
import { tempDir } from '../support/temp.ts';

// Starts a Node process: seconds on a busy machine.
describe('npm run demo', { timeout: 60_000 }, () => {
  test('leaves a card with a reward ready to redeem, and prints its address', async () => {
    const dataDir = await tempDir();
    const env = { ...process.env, DATA_DIR: dataDir, STORE: 'file', SITE_URL: 'http://localhost:4321' };
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/demo.ts'], { env });
    const code = /http:\/\/localhost:4321\/c\/([A-Za-z0-9_-]{18})\s/.exec(stdout)?.[1];
    expect(code).toBeDefined();
    const app = createApp({ DATA_DIR: dataDir, STORE: 'file' });
    const balance = cardBalance(await cardHistory(app, code!.slice(0, 8)), readProgramme());
    expect(balance).toMatchObject({ ready: 1, redeemed: 0 });
  });
});
