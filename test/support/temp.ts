import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { freshDb, type Engine } from './db.ts';
import { startLocalDb } from './local-db.ts';

/** A fresh folder under the system temp dir. */
export function tempDir(prefix = 'vuelve-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/**
 * Points the app (src/app.ts) at a fresh data folder (the outbox) and a fresh database (Netlify Database's
 * local emulation, as under `npm start`). Call before the first import of anything that calls app().
 */
export async function useTempApp(extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir();
  const { url } = await startLocalDb();
  Object.assign(process.env, { DATA_DIR: dir, NETLIFY_DB_URL: url, RESEND_API_KEY: '', SITE_URL: 'http://localhost:4321', ...extra });
  return dir;
}

/** The owner's session cookie on the app that useTempApp pointed at (imported here, after the environment is set). */
export async function ownerCookie(): Promise<string> {
  const [{ app }, { logIn }] = await Promise.all([import('../../src/app.ts'), import('../../src/sessions/sessions.ts')]);
  const login = await logIn(app(), 'admin', '192.0.2.1', 'admin');
  if (!login.ok) throw new Error(`the owner could not sign in: ${login.reason}`);
  return login.setCookie.split(';')[0]!;
}

/** Every file under a folder with its content, to prove that nothing changed. */
export async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const entries = await Promise.all(
    files.filter((f) => f.isFile()).map(async (f) => [join(f.parentPath, f.name), await readFile(join(f.parentPath, f.name), 'utf8')] as const),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** The .eml files in the outbox, parsed enough to assert on. */
export async function readOutbox(dataDir: string): Promise<{ file: string; headers: Record<string, string>; text: string; html: string }[]> {
  const dir = join(dataDir, 'outbox');
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const raw = await readFile(join(dir, name), 'utf8');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n')) {
        const at = line.indexOf(':');
        headers[line.slice(0, at).toLowerCase()] = decodeHeader(line.slice(at + 1).trim());
      }
      const body = rest.join('\r\n\r\n');
      const part = (type: string) => {
        const match = new RegExp(`Content-Type: ${type}; charset=utf-8\\r\\nContent-Transfer-Encoding: base64\\r\\n\\r\\n([A-Za-z0-9+/=\\r\\n]+)`).exec(body);
        return match ? Buffer.from(match[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8') : '';
      };
      return { file: join(dir, name), headers, text: part('text/plain'), html: part('text/html') };
    }),
  );
}

function decodeHeader(value: string): string {
  return value.replace(/=\?UTF-8\?B\?([^?]+)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}

/**
 * An App on a fresh data folder and a fresh database (PGlite unless another engine is named), with a
 * clock the test moves: `const { app, clock } = await testApp(); clock.set('2026-11-26T10:00:00Z')`.
 * Data tests run on both engines: `describe.each(engines)('%s', (engine) => … testApp({}, engine) …)`.
 */
export async function testApp(env: Record<string, string> = {}, engine: Engine = 'PGlite') {
  const { createApp } = await import('../../src/app.ts');
  const dataDir = await tempDir();
  let current = new Date('2026-11-26T10:00:00Z');
  const db = await freshDb(engine);
  const base = createApp({ DATA_DIR: dataDir, ...env }, { db });
  const app = { ...base, now: () => new Date(current) };
  const clock = {
    set: (iso: string | Date) => void (current = new Date(iso)),
    advance: (ms: number) => void (current = new Date(current.getTime() + ms)),
  };
  return { app, clock, dataDir };
}

/**
 * In a `describe.each(engines)` block, fresh apps on `engine` whose databases close after each test:
 * `const fresh = appsOn(engine)`, then in a test `const { app, clock } = await fresh()`.
 */
export function appsOn(engine: Engine, env: Record<string, string> = {}): () => ReturnType<typeof testApp> {
  const open: Awaited<ReturnType<typeof testApp>>['app'][] = [];
  afterEach(async () => void (await Promise.all(open.splice(0).map((app) => app.db.close()))));
  return async () => {
    const made = await testApp(env, engine);
    open.push(made.app);
    return made;
  };
}
