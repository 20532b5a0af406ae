import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real PostgreSQL server for the data and concurrency suites, e.g. postgres://postgres@127.0.0.1:5499/postgres; '' when none could start. */
    postgresUrl: string;
  }
}

/** Debian's server binaries (`apt-get install postgresql`), newest version first. */
function serverBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a)).find((v) => existsSync(join(root, v, 'bin', 'pg_ctl')));
  return version && join(root, version, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL server on a temporary data folder for the test run (vitest global setup):
 * PGlite is one session and never shows what concurrent sessions do; this does. Postgres refuses to run as
 * root, so as root it runs as the `postgres` user Debian's package creates. On CI (CI=true) a missing
 * server fails the run instead of skipping its half of the suites.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const bin = serverBin();
  if (!bin) {
    if (process.env.CI) throw new Error('PostgreSQL is not installed: `apt-get install postgresql` (.ci/run does)');
    console.warn('PostgreSQL is not installed (apt-get install postgresql): the real-server half of the data tests is skipped');
    project.provide('postgresUrl', '');
    return () => undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vuelve-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) {
    chmodSync(dir, 0o700);
    execFileSync('chown', ['postgres:postgres', dir]);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // fsync off: a test server's data is thrown away; max_connections covers the concurrency suite's clients.
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000`, 'start']);
  project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
