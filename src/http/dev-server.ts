import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { demoWarnings, WARNED_AT_START } from '../app.ts';
import { DEV_URL, devServerUrl, resolveSiteUrl } from './site-url.ts';

/**
 * `npm start` only: once the dev server listens, its address goes into VUELVE_DEV_URL (function workers copy
 * the environment) and `.netlify/vuelve-dev-server.json` (for npm scripts), unless SITE_URL or Netlify's URL
 * is set; the demo-secret warnings are printed once here, not by every fresh function worker.
 */

/** Where the running dev server says where it is, relative to the project's root. */
export const devServerFile = join('.netlify', 'vuelve-dev-server.json');

interface DevServerRecord {
  /** The site's address while this server runs: SITE_URL if set, else the server's own. */
  url: string;
  pid: number;
}

export default function devServer(): AstroIntegration {
  let file = devServerFile;
  return {
    name: 'vuelve:dev-server',
    hooks: {
      'astro:config:done': ({ config }) => {
        file = join(fileURLToPath(config.root), devServerFile);
      },
      'astro:server:start': ({ address, logger }) => {
        const explicit = Boolean(process.env.SITE_URL || process.env.URL);
        const url = explicit ? resolveSiteUrl(process.env, true) : devServerUrl(address);
        if (!explicit) process.env[DEV_URL] = url;
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify({ url, pid: process.pid } satisfies DevServerRecord));
        // Ctrl-C ends the process without astro:server:done; a file left by kill -9 is ignored (its pid is gone).
        process.once('exit', () => removeRecord(file));
        logger.info(
          explicit
            ? `links in emails, QR codes and printed cards use ${url} (SITE_URL)`
            : `links in emails, QR codes and printed cards use ${url}: set SITE_URL to the shop's public address before printing anything for the shop`,
        );
        for (const warning of demoWarnings(process.env)) logger.warn(warning);
        process.env[WARNED_AT_START] = '1';
      },
      'astro:server:done': () => {
        removeRecord(file);
        delete process.env[DEV_URL];
        delete process.env[WARNED_AT_START];
      },
    },
  };
}

/** Removes the file if this process wrote it (another server in the same folder may have written it since). */
function removeRecord(file: string): void {
  if (readDevServerRecord(file)?.pid === process.pid) rmSync(file, { force: true });
}

function readDevServerRecord(file: string): DevServerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevServerRecord>;
    return typeof record.url === 'string' && typeof record.pid === 'number' ? { url: record.url, pid: record.pid } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id is running (a dev server stopped with kill -9 leaves its file behind). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * For npm scripts run beside `npm start`: the address the running dev server links to, or undefined when
 * none runs (from the project's root, `cwd`).
 */
export function runningDevServerUrl(cwd = process.cwd()): string | undefined {
  const record = readDevServerRecord(join(cwd, devServerFile));
  return record && isRunning(record.pid) ? record.url : undefined;
}

/**
 * Makes an npm script link where the running dev server does: call it before `app()`. SITE_URL, when the
 * script has one, still wins.
 */
export function followDevServer(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): void {
  const url = runningDevServerUrl(cwd);
  if (url && !env[DEV_URL]) env[DEV_URL] = url;
}
