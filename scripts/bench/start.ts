import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * `npm start` to the first answers (target: 30 s on a quiet 2-core machine, with no network): the
 * home page, a function, and `/` sending a Spanish browser to /es/ as Netlify does.
 */
export default async function startBench(): Promise<void> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'dev', '--port', String(port), '--force'], {
    env: { ...process.env, DATA_DIR: await mkdtemp(join(tmpdir(), 'vuelve-bench-')), ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: 'ignore',
  });
  const base = `http://localhost:${port}`;
  const firstOk = async (path: string, init?: RequestInit): Promise<Response> => {
    for (;;) {
      const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init }).catch(() => undefined);
      if (response && response.status < 500) return response;
      if (performance.now() - started > 300_000) throw new Error(`astro dev did not answer ${path} within 300 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  try {
    const health = await firstOk('/api/health');
    const functionAt = performance.now();
    await firstOk('/en/');
    const pageAt = performance.now();
    const root = await firstOk('/', { headers: { 'accept-language': 'es-ES,es;q=0.9,en;q=0.5' } });
    console.log(
      `npm start → first function answer ${((functionAt - started) / 1000).toFixed(1)} s (${health.status}), first page ${((pageAt - started) / 1000).toFixed(1)} s ` +
        `(target ≤ 30 s); / for a Spanish browser → ${root.status} ${root.headers.get('location')}`,
    );
  } finally {
    child.kill();
  }
}
