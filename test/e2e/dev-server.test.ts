import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { snapshotFiles } from '../support/temp.ts';

/*
 * What `npm start` answers an anonymous client that is not a browser on this site: the site (pages, public/,
 * the routes and the modules its pages load), never the project folder around it (src/http/dev-guard.ts).
 */

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
/** The project folder the dev server runs in (test/e2e/setup/server.ts starts it here). */
const root = resolve('.');
const probe = `dev-server-probe-${randomUUID()}`;
const planted = [`data/store/${probe}.json`, `data/outbox/${probe}.eml`];
const hadData = existsSync(join(root, 'data'));

beforeAll(async () => {
  // The default data folder is inside the project: put a record and an email where `npm start` keeps them.
  for (const path of planted) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), `${probe}: a customer's record`);
  }
});

afterAll(async () => {
  await Promise.all(planted.map((path) => rm(join(root, path), { force: true })));
  if (!hadData) await rm(join(root, 'data'), { recursive: true, force: true });
});

const get = (path: string, init?: RequestInit) => fetch(`${baseUrl}${path}`, { redirect: 'manual', ...init });

describe('npm start serves the site, not the project folder', () => {
  const refused = [
    // configuration and the local database
    '/package.json', '/package', '/package-lock.json', '/astro.config.mjs', '/astro.config', '/tsconfig.json', '/netlify.toml', '/README.md', '/patches/',
    '/.netlify/state.json', '/.netlify/db/PG_VERSION',
    // the data folder: records and emails
    `/data/store/${probe}.json`, `/data/outbox/${probe}.eml`, `/@fs${root}/data/store/${probe}.json`,
    // server-side sources, as files, as modules and as their ?raw / ?url / ?inline exports
    '/src/app.ts', '/src/app.ts?raw', '/src/app', '/src/app.ts?import&raw', '/src/services/sessions.ts?url', '/src/domain/signing.ts?inline',
    '/@id/src/app.ts', `/@id/${root}/src/app.ts`, `/@fs${root}/src/app.ts?raw`, `/@fs${root}/package.json`,
    '/src/pages/admin/index.astro', '/src/pages/admin/index.astro?astro&type=style&index=0&lang.css&raw', '/src/middleware.ts',
    '/netlify/functions/health.mts', '/netlify/functions/health.mts?raw', '/scripts/cards.ts', '/test/e2e/setup/server.ts',
    // the raw content files and a client module's own source
    '/content/site/site.yaml', '/content/site/site.yaml?raw', '/src/domain/survey.ts?raw',
    // paths that only normalise to one of the above
    '/en/../package.json', '/%2e%2e/package.json', '/src/%61pp.ts',
  ];

  test.each(refused)('%s is not served', async (path) => {
    const response = await get(path);
    const text = await response.text();
    expect([403, 404], `${path}: ${text.slice(0, 200)}`).toContain(response.status);
    expect(text).not.toContain(probe);
    expect(text).not.toContain('"devDependencies"');
  });

  test('the planted data files, the local database and the configuration exist, so the refusals above mean something', () => {
    for (const path of [...planted, '.netlify/state.json', 'package.json']) expect(existsSync(join(root, path)), path).toBe(true);
  });

  test.each(['/en/', '/es/survey/feedback/', '/favicon.svg', '/api/health', '/src/components/islands/SurveyEnhancer.tsx', '/@vite/client'])('%s is served', async (path) => {
    expect((await get(path)).status).toBe(200);
  });

  test('other localhost origins get no CORS answer (pages, functions, modules, a preflight)', async () => {
    const origin = 'http://localhost:9999';
    for (const path of ['/en/', '/api/health', '/src/components/islands/SurveyEnhancer.tsx', '/favicon.svg']) {
      const response = await get(path, { headers: { origin } });
      expect(response.headers.get('access-control-allow-origin'), path).toBeNull();
    }
    const preflight = await get('/api/responses', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('a malformed percent-encoding in the address answers 400 {error, fields}, with no stack or file path', () => {
  test.each(['/api/wallet/apple/v1/passes/pass.x/%E0%A4%A', '/api/wallet/apple/v1/devices/%/registrations/pass.x', '/api/cards/%E0%A4%A/manifest', '/c/%E0%A4%A', '/%E0%A4%A'])('%s', async (path) => {
    const response = await get(path);
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(400);
    const body = JSON.parse(text) as { error?: unknown; fields?: unknown };
    expect(body.error).toEqual(expect.any(String));
    expect(body.fields).toBeTypeOf('object');
    expect(text).not.toContain(root);
  });
});

describe('scheduled functions cannot be run over HTTP under npm start', () => {
  const scheduled = readdirSync('netlify/functions').filter((file) => /\bschedule:/.test(readFileSync(`netlify/functions/${file}`, 'utf8'))).map((file) => file.replace(/\.mts$/, ''));

  test('there are scheduled functions to check', () => {
    expect(scheduled).toEqual(expect.arrayContaining(['newsletter-send', 'birthday-greetings', 'win-back', 'wallet-retry']));
  });

  test.each(scheduled)('%s: plain and cross-site requests to its addresses answer 404 and change nothing', async (name) => {
    const before = await snapshotFiles(dataDir);
    const requests: [string, RequestInit][] = [
      [`/.netlify/functions/${name}`, {}],
      [`/.netlify/functions/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
      [`/.netlify/functions/${name}`, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }],
      [`/.netlify/functions/${name}/more`, {}],
      [`/.netlify/builders/${name}`, {}],
      // The emulator reads /.netlify/ with an unescaped dot: any character there reaches the function too.
      [`/_netlify/functions/${name}`, { method: 'POST' }],
    ];
    for (const [path, init] of requests) {
      const response = await get(path, init);
      expect(response.status, `${init.method ?? 'GET'} ${path}: ${(await response.text()).slice(0, 200)}`).toBe(404);
    }
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });
});
