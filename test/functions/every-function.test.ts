import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { app } from '../../src/app.ts';
import { rowCounts } from '../support/db.ts';
import { ownerCookie, snapshotFiles, useTempApp } from '../support/temp.ts';

interface FunctionModule {
  default: (request: Request, context?: unknown) => Promise<Response>;
  config?: { path?: string | string[]; method?: string | string[]; schedule?: string };
}

let dataDir: string;
const files = readdirSync('netlify/functions').filter((name) => name.endsWith('.mts'));
const modules = new Map<string, FunctionModule>();

beforeAll(async () => {
  dataDir = await useTempApp();
  for (const file of files) modules.set(file, (await import(`../../netlify/functions/${file}`)) as FunctionModule);
  // Imports every function: a busy machine takes more than the default 10 s.
}, 60_000);

/** A concrete URL for a function's path pattern (`/api/x/:id` → `/api/x/test`). */
function urlOf(mod: FunctionModule): string | undefined {
  const path = Array.isArray(mod.config?.path) ? mod.config.path[0] : mod.config?.path;
  return path ? `http://localhost:4321${path.replace(/:\w+\??/g, 'test').replace(/\*/g, 'test')}` : undefined;
}

describe('every /api/ function refuses bad input with a 4xx {error} and stores nothing', () => {
  test('there are functions to check', () => {
    expect(files).toContain('health.mts');
  });

  test.each(files)('%s', async (file) => {
    const mod = modules.get(file)!;
    const url = urlOf(mod);
    if (!url) return; // scheduled functions have no public path
    expect(url).toMatch(/^http:\/\/localhost:4321\/api\//);
    const before = { files: await snapshotFiles(dataDir), rows: await rowCounts(app().db) };
    const attempts: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"broken": ' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unexpected: ['shape'] }) },
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ big: 'x'.repeat(200_000) }) },
      { method: 'DELETE' },
    ];
    for (const init of attempts) {
      const response = await mod.default(new Request(url, init), {});
      if (response.status < 400) {
        // GET-only functions (health) may answer a POST with 405; everything else must refuse.
        throw new Error(`${file} answered ${response.status} to ${init.method} ${String(init.body).slice(0, 40)}`);
      }
      expect(response.status, `${file} ${init.method}`).toBeLessThan(500);
      if (response.headers.get('content-type')?.includes('json')) {
        const body = (await response.json()) as { error?: unknown };
        expect(typeof body.error).toBe('string');
      }
    }
    expect({ files: await snapshotFiles(dataDir), rows: await rowCounts(app().db) }).toEqual(before);
  });
});

describe('every function with a path parameter answers a malformed percent-encoding with 400 {error, fields}, never a 500', () => {
  const pathOf = (file: string) => [modules.get(file)?.config?.path ?? []].flat()[0];

  test('there are such functions (wallets, card manifest, exports)', () => {
    expect(files.filter((file) => /:\w/.test(pathOf(file) ?? ''))).toEqual(expect.arrayContaining(['wallet-apple-pass.mts', 'wallet-apple-registrations.mts', 'card-manifest.mts', 'admin-export.mts']));
  });

  test.each(files)('%s', async (file) => {
    const mod = modules.get(file)!;
    const path = pathOf(file);
    if (!path || !/:\w/.test(path)) return;
    // Signed in as the owner, so owner-only functions read their path too.
    const cookie = await ownerCookie();
    for (const bad of ['%E0%A4%A', '%']) {
      const url = `http://localhost:4321${path.replace(/:\w+/g, bad)}`;
      const statuses: number[] = [];
      for (const method of ['GET', 'POST', 'DELETE']) {
        const init: RequestInit = method === 'POST' ? { method, headers: { cookie, 'content-type': 'application/json' }, body: '{}' } : { method, headers: { cookie } };
        const response = await mod.default(new Request(url, init), {});
        statuses.push(response.status);
        if (response.status === 405) continue;
        expect(response.status, `${file} ${method} ${bad}`).toBe(400);
        const body = (await response.json()) as { error?: unknown; fields?: Record<string, string[]> };
        expect(typeof body.error).toBe('string');
        expect(Object.keys(body.fields ?? {}).length, `${file}: the parameter is named`).toBeGreaterThan(0);
      }
      expect(statuses, `${file} ${bad}`).toContain(400);
    }
  });
});

test('GET /api/health says the database answers and names the mailer', async () => {
  const response = await modules.get('health.mts')!.default(new Request('http://localhost:4321/api/health'), {});
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true, database: 'ok', mailer: 'outbox' });
});
