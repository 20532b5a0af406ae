import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { snapshotFiles, useTempApp } from '../support/temp.ts';

interface FunctionModule {
  default: (request: Request, context?: { ip?: string }) => Promise<Response>;
  config?: { path?: string | string[]; schedule?: string };
}

const files = readdirSync('netlify/functions').filter((name) => name.endsWith('.mts'));
const modules = new Map<string, FunctionModule>();
let dataDir: string;
let cookie: string;

beforeAll(async () => {
  dataDir = await useTempApp({ SESSION_SECRET: 'cross-site-test' });
  for (const file of files) modules.set(file, (await import(`../../netlify/functions/${file}`)) as FunctionModule);
  const { app } = await import('../../src/app.ts');
  const { logIn } = await import('../../src/sessions/sessions.ts');
  const sessions = await Promise.all([logIn(app(), 'admin', '192.0.2.1', 'admin'), logIn(app(), 'staff', '192.0.2.1', '123456')]);
  cookie = sessions.map((result) => (result.ok ? result.setCookie.split(';')[0] : '')).join('; ');
  // Imports every function: a busy machine takes more than the default 10 s.
}, 60_000);

const pathOf = (mod: FunctionModule) => (Array.isArray(mod.config?.path) ? mod.config.path[0] : mod.config?.path)?.replace(/:\w+\??/g, 'test');
// Scheduled functions have no public path.
const withPaths = files.filter((file) => !file.startsWith('birthday') && !file.startsWith('newsletter-send') && !file.startsWith('wallet-retry') && !file.startsWith('win-back'));

describe('a state change sent from another site with the owner\'s and staff\'s cookies', () => {
  test.each(withPaths)('%s answers 403 (or 405 for a method it never takes) and changes nothing', async (file) => {
    const mod = modules.get(file)!;
    const path = pathOf(mod);
    if (!path) throw new Error(`${file} has no path`);
    const before = await snapshotFiles(dataDir);
    const statuses: number[] = [];
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) {
      for (const from of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
        const request = new Request(`http://localhost:4321${path}`, {
          method,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...from },
          body: 'email=ana%40example.com&confirm=erase&status=resolved&pin=123456&password=admin',
        });
        statuses.push((await mod.default(request, { ip: '192.0.2.9' })).status);
      }
    }
    expect(statuses.every((status) => status === 403 || status === 405), `${file}: ${statuses.join(' ')}`).toBe(true);
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });

  test('the same erase sent from the dashboard itself is accepted', async () => {
    const privacy = modules.get('admin-privacy.mts')!;
    const send = (origin: string) =>
      privacy.default(new Request('http://localhost:4321/api/admin/privacy', {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=ana%40example.com&confirm=erase',
      }));
    expect((await send('https://evil.example')).status).toBe(403);
    expect((await send('http://localhost:4321')).status).not.toBe(403);
  });
});
