import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Handler } from '../../src/http/respond.ts';
import { tempDir } from './temp.ts';

/**
 * Sign-in over HTTP for the tests of src/sessions/: the functions called as Netlify calls them, a browser
 * that keeps the cookies it was given, and a clock the test moves (TEST_CLOCK_FILE, read by the app).
 */

export const origin = 'http://localhost:4321';

/** The functions of a test, imported after useTempApp() set the environment. */
export async function functions<const Name extends string>(names: readonly Name[]): Promise<Record<Name, Handler>> {
  const entries = await Promise.all(names.map(async (name) => [name, ((await import(`../../netlify/functions/${name}.mts`)) as { default: Handler }).default] as const));
  return Object.fromEntries(entries) as Record<Name, Handler>;
}

/** A browser: the cookies it was set (name=value), sent back with every request, from one address at a time. */
export class Browser {
  readonly cookies = new Map<string, string>();

  /** The Cookie header it sends. */
  get cookie(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Keeps what a response set (a cleared cookie is forgotten). */
  keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (/Max-Age=0/.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** A request from this browser at `ip`: JSON unless `form`. */
  request(path: string, options: { ip: string; method?: string; body?: Record<string, string>; form?: boolean }): Request {
    const headers: Record<string, string> = { 'x-nf-client-connection-ip': options.ip, origin };
    if (this.cookies.size > 0) headers.cookie = this.cookie;
    if (!options.body) return new Request(`${origin}${path}`, { method: options.method ?? 'GET', headers });
    headers['content-type'] = options.form ? 'application/x-www-form-urlencoded' : 'application/json';
    const body = options.form ? new URLSearchParams(options.body).toString() : JSON.stringify(options.body);
    return new Request(`${origin}${path}`, { method: options.method ?? 'POST', headers, body });
  }
}

/** A clock file for the app (give `file` as TEST_CLOCK_FILE): `advance(ms)` moves the app's time on. */
export async function testClock() {
  const file = join(await tempDir(), 'clock');
  let offset = 0;
  await writeFile(file, '0');
  return { file, advance: async (ms: number) => writeFile(file, String((offset += ms))) };
}
