import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../../scripts/support/postgres.ts';
import { withUser } from '../../../src/app.ts';
import { launchBrowser } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** e.g. http://localhost:4390 */
    baseUrl: string;
    /** The server's DATA_DIR: store/ and outbox/ inside. */
    dataDir: string;
    /** Milliseconds written here move the server's clock forward. */
    clockFile: string;
    /** A copy of content/ and src/assets/ that the content editor writes (CMS_LOCAL_ROOT), so tests never touch the real ones. */
    cmsRoot: string;
    /** The server's database (Netlify Database's emulation, in the data folder), for tests that check what was stored. */
    databaseUrl: string;
  }
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  // Generous: on a busy shared machine (several builds and dev servers at once) astro dev has taken over 10 minutes
  // to answer, most of it building the functions it emulates.
  const deadline = Date.now() + 900_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`astro dev exited early:\n${log()}`);
    // Functions answer before the content layer has synced: wait for a page too.
    const ok = (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) && (await fetch(`${url}/en/`).then((r) => r.ok, () => false));
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`astro dev did not answer within 900 s:\n${log()}`);
}

/**
 * Vite optimises client dependencies on the first browser visit and then reloads
 * the page; visit once here so no test sees that reload.
 */
async function warmUp(baseUrl: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // On-demand pages (thanks, card, dashboard) compile on their first request too: warm them up as well.
    for (const path of ['/en/', '/es/', '/en/survey/feedback/', '/en/survey/feedback/thanks/', '/en/newsletter/', '/en/products/', '/c/warm-up/', '/admin/']) {
      await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' }).catch(() => undefined);
    }
    await page.waitForTimeout(500);
  } finally {
    await browser.close();
  }
}

/** Starts one `astro dev` (site + functions + emulated platform) on a fresh data folder for all browser tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vuelve-e2e-'));
  const clockFile = join(dataDir, 'clock-offset-ms');
  await writeFile(clockFile, '0');
  const cmsRoot = await mkdtemp(join(tmpdir(), 'vuelve-cms-'));
  await cp('content', join(cmsRoot, 'content'), { recursive: true });
  await cp('src/assets', join(cmsRoot, 'src/assets'), { recursive: true });
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(port), '--force'], {
    env: {
      // Not vitest's NODE_ENV=test / VITEST: astro dev must run as it does for a person.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV' && name !== 'TEST')),
      DATA_DIR: dataDir,
      TEST_CLOCK_FILE: clockFile,
      CMS_LOCAL_ROOT: cmsRoot,
      // A database of its own (patches/@netlify+database-dev+…), never the one `npm start` keeps in .netlify/db.
      NETLIFY_DB_DIRECTORY: join(dataDir, 'db'),
      ASTRO_TELEMETRY_DISABLED: '1',
      RESEND_API_KEY: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://localhost:${port}`;
  // A server that never answered must not outlive the failed run.
  await waitForHealth(baseUrl, child, () => output).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  await warmUp(baseUrl);
  // Netlify's dev layer writes the emulation's address here (the server started with --force: no other in this folder).
  const state = JSON.parse(await readFile('.netlify/state.json', 'utf8')) as { dbConnectionString?: string };
  if (!state.dbConnectionString) throw new Error(`astro dev started no database:\n${output}`);
  project.provide('databaseUrl', withUser(state.dbConnectionString));
  project.provide('baseUrl', baseUrl);
  project.provide('dataDir', dataDir);
  project.provide('clockFile', clockFile);
  project.provide('cmsRoot', cmsRoot);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (child.exitCode === null) child.kill('SIGKILL');
  };
}
