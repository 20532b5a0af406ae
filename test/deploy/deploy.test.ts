import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compileContent } from '../../src/catalog/compile.ts';
import { securityHeaders } from '../../src/http/security-headers.ts';
import { exportKinds } from '../../src/dashboard/exports.ts';
import type { Db } from '../../src/db/db.ts';
import { postgresDatabase } from '../support/db.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { bundleSite, onDemandRoutes, sizeOf, type Bundle, type BundledFunction } from './bundle.ts';
import { listFiles, netlifyEnv, NetlifyFunctions, type Call, type Result } from './netlify.ts';

/*
 * The site as Netlify runs it: the build bundled by Netlify's own bundler, each
 * function in its own process at its bundle folder, with Netlify's variables, a local
 * PostgreSQL database and a fake Resend; every route any function or on-demand page declares
 * (read from the bundle, never listed here) is called, signed out and signed in.
 */

const siteUrl = 'https://vuelve-deploy-test.netlify.app';
const secrets = {
  CARD_SECRET: 'deploy-test-card-secret-0123456789',
  SESSION_SECRET: 'deploy-test-session-secret-0123456789',
  ADMIN_PASSWORD: 'deploy-test-admin-password',
  STAFF_PIN: '246813',
  MAIL_FROM: 'Brasa <hola@brasa.example>',
};
/** Browsers send these with a same-site form post or fetch. */
const sameSite = { origin: siteUrl, 'sec-fetch-site': 'same-origin' };
const postJson = (path: string, body: unknown, cookie = ''): Call => ({ method: 'POST', path, headers: { ...sameSite, 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });

let bundle: Bundle;
let resend: FakeResend;
let filesBefore: string[];
/** The site's database: a real PostgreSQL server, migrated as Netlify migrates on deploy. */
let database: { url: string; db: Db };

beforeAll(async () => {
  bundle = await bundleSite();
  filesBefore = listFiles(bundle.dir);
  resend = await startFakeResend();
  database = await postgresDatabase();
});

afterAll(async () => {
  await resend?.close();
  await database?.db.close();
});

const pagesFunction = (): BundledFunction => bundle.functions.find((fn) => fn.routes?.some((route) => route.pattern === '/*'))!;
const cookiesOf = (result: Result): string =>
  result.headers.filter(([name]) => name === 'set-cookie').map(([, value]) => value.split(';')[0]).join('; ');

/** What the test knows to put in a route's parameters, by parameter name. */
interface Samples {
  lang: string[];
  code: string[];
  id: string[];
  kind: readonly string[];
}

/** Query strings some pages need to show more than their "not found" state. */
const queries = (known: { responseId: string; batchId: string; cardId: string }): Record<string, string[]> => ({
  '/[lang]/survey/[id]/thanks': [`?r=${known.responseId}`, '?r=bogus'],
  '/admin/cards/print': [`?batch=${known.batchId}`, `?batch=${known.batchId}&paper=letter`],
  '/admin/loyalty': [`?card=${known.cardId}`],
  '/admin/summary': ['?month=2026-11'],
});

interface Target {
  function: string;
  path: string;
  params: Record<string, string>;
}

/** `route` with every parameter replaced by each of its sample values (a parameter the test does not know gets a made-up one). */
function fillIn(route: string, names: string[], placeholder: (name: string) => string, samples: Samples): { path: string; params: Record<string, string> }[] {
  let paths = [{ path: route, params: {} as Record<string, string> }];
  for (const name of names) {
    const values = samples[name as keyof Samples] ?? ['sample'];
    paths = paths.flatMap(({ path, params }) => values.map((value) => ({ path: path.replace(placeholder(name), value), params: { ...params, [name]: value } })));
  }
  return paths;
}

/** Every concrete address of every route in the bundle: functions' `config.path`s and the on-demand pages. */
function targets(samples: Samples, extra: Record<string, string[]> = {}): Target[] {
  return bundle.functions.flatMap((fn) => {
    if (fn === pagesFunction()) {
      return onDemandRoutes(fn).flatMap((page) =>
        fillIn(page.route === '/' ? '/' : `${page.route}/`, page.params, (name) => `[${name}]`, samples).flatMap(({ path, params }) =>
          ['', ...(extra[page.route] ?? [])].map((query) => ({ function: fn.name, path: `${path}${query}`, params })),
        ),
      );
    }
    return (fn.routes ?? []).flatMap((route) =>
      fillIn(route.pattern, [...route.pattern.matchAll(/:(\w+)/g)].map((match) => match[1]!), (name) => `:${name}`, samples).map(({ path, params }) => ({ function: fn.name, path, params })),
    );
  });
}

/** Runs `work` on every item, four at a time (several warm functions answer at once, as on Netlify). */
async function inParallel<T>(items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

/** The scheduled functions, called as Netlify's scheduler does: a POST with the next run in the body. */
const scheduled = (): BundledFunction[] => bundle.functions.filter((fn) => fn.schedule);
const scheduleCall = (fn: BundledFunction): Call => ({
  method: 'POST',
  path: `/.netlify/functions/${fn.name}`,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ next_run: new Date(Date.now() + 60_000).toISOString() }),
});

/** The security headers an answer lacks or gets wrong (Netlify's _headers never reach functions, so each must send them). */
function missingHeaders(result: Result): string[] {
  const sent = new Map(result.headers.map(([name, value]) => [name.toLowerCase(), value]));
  const path = new URL(result.call.path, siteUrl).pathname;
  return Object.entries(securityHeaders(path))
    .filter(([name, value]) => sent.get(name.toLowerCase()) !== value)
    .map(([name]) => `${result.call.method ?? 'GET'} ${result.call.path} (${result.function}) ${result.status}: ${name}`);
}

const describeResult = (result: Result): string =>
  `${result.call.method ?? 'GET'} ${result.call.path} (${result.function}) answered ${result.status}${result.thrown ? `, threw:\n${result.thrown}` : ''}\n${result.body.slice(0, 400)}\n${result.logs.slice(0, 1500)}`;

describe('the static files', () => {
  test('dist/_headers gives every file Netlify serves itself the security headers', () => {
    const rules = readFileSync('dist/_headers', 'utf8').split(/\n(?=\S)/).filter((block) => !block.startsWith('#'));
    const everything = rules.find((block) => block.startsWith('/*\n'));
    expect(everything, 'a /* rule').toBeDefined();
    const headers = Object.fromEntries(everything!.split('\n').slice(1).filter(Boolean).map((line) => line.trim().split(/: (.*)/s).slice(0, 2)));
    expect(headers).toEqual(securityHeaders('/'));
  });
});

describe('the bundle', () => {
  test('the on-demand pages function leaves the image library out (images are resized at build)', () => {
    const pages = pagesFunction();
    const megabytes = sizeOf(pages.path) / 1e6;
    console.log(`on-demand pages function: ${megabytes.toFixed(1)} MB unzipped`);
    expect(listFiles(join(pages.path, 'node_modules')).filter((file) => /^(sharp|@img)\//.test(file))).toEqual([]);
    expect(megabytes).toBeLessThan(10);
  });

  test('each function carries code and modules only: nothing from .git, the data folder or an earlier bundle', () => {
    // Netlify's file tracer reads path.resolve(<a variable>, 'store') as a glob over the whole repository:
    // it copied .git's refs and earlier bundles into every function, and kept `npm start` busy for minutes.
    const stray = bundle.functions.flatMap((fn) =>
      readdirSync(fn.path, { recursive: true, encoding: 'utf8' })
        .filter((name) => /(^|\/)(\.git|deploy-test)\/|^data\//.test(name))
        .map((name) => `${fn.name}: ${name}`),
    );
    expect(stray.slice(0, 5)).toEqual([]);
  });
});

describe('on Netlify with every variable set', () => {
  let site: NetlifyFunctions;
  const results: Result[] = [];
  const call = async (name: string, request: Call, params: Record<string, string> = {}) => {
    const result = await site.invoke(name, request, params);
    results.push(result);
    return result;
  };

  beforeAll(() => {
    site = new NetlifyFunctions(bundle.functions, netlifyEnv(siteUrl, { ...secrets, RESEND_API_KEY: 're_deploy_test', RESEND_BASE_URL: resend.url, OWNER_EMAIL: 'owner@brasa.example' }, database.url));
  });
  afterAll(async () => site?.close());

  test('a customer, the owner and the staff use the site, every route answers, and no answer is a server error', async () => {
    // A customer opens the survey (its start pixel), takes more than 3 s, and sends a complaint with contact details.
    const start = await call('survey-start', { path: '/api/responses/start' });
    await new Promise((resolve) => setTimeout(resolve, 3200));
    const answers = { overall: 1, nps: 2, wrong: 'The coffee was cold', contact: { consent: true, name: 'Ana', email: 'ana@example.com' } };
    const sent = await call('responses', postJson('/api/responses', { survey: 'feedback', locale: 'es', at: 'tables', answers }, cookiesOf(start)));
    expect(sent.status, describeResult(sent)).toBe(201);
    const responseId = (JSON.parse(sent.body) as { id: string }).id;
    expect(resend.delivered.map((email) => email.to).flat()).toContain('owner@brasa.example');
    expect(await database.db.query('SELECT r.id::text, f.status FROM responses r JOIN followups f ON f.response_id = r.id')).toEqual([{ id: responseId, status: 'open' }]);

    // The owner signs in and prints a card; a member of staff signs in and stamps it.
    const owner = cookiesOf(await call('admin-login', postJson('/api/admin/login', { password: secrets.ADMIN_PASSWORD })));
    const staff = cookiesOf(await call('staff-login', postJson('/api/staff/login', { pin: secrets.STAFF_PIN })));
    expect(owner).toMatch(/=/);
    expect(staff).toMatch(/=/);
    const batch = await call('card-batches', postJson('/api/cards/batches', { count: 1 }, owner));
    expect(batch.status, describeResult(batch)).toBe(201);
    const { batch: { id: batchId }, codes } = JSON.parse(batch.body) as { batch: { id: string }; codes: string[] };
    const code = codes[0]!;
    const stamp = await call('stamps', postJson('/api/stamps', { code, key: randomUUID() }, staff));
    expect(stamp.status, describeResult(stamp)).toBe(200);
    expect(await database.db.query("SELECT card_id FROM card_events WHERE type = 'stamp'")).toEqual([{ card_id: code.slice(0, 8) }]);

    // Every route: signed out, and with both the owner's and the staff's session; then an empty form post.
    const surveys = compileContent().surveys.map((entry) => entry.id);
    const all = targets({ lang: ['en', 'es'], code: [code, 'AAAAAAAAAAAAAAAAAA'], id: [...surveys, responseId], kind: exportKinds }, queries({ responseId, batchId, cardId: code.slice(0, 8) }));
    expect(all.map((target) => target.path)).toEqual(expect.arrayContaining(['/admin/', '/admin/followups/', `/es/survey/feedback/thanks/?r=${responseId}`, `/c/${code}/`, '/api/health']));
    const signedIn = `${owner}; ${staff}`;
    await inParallel(all, async (target) => {
      await call(target.function, { path: target.path }, target.params);
      await call(target.function, { path: target.path, headers: { cookie: signedIn } }, target.params);
    });
    // Log-outs last, so that the other posts still carry a live session.
    const post = (target: Target) =>
      call(target.function, { method: 'POST', path: target.path, headers: { ...sameSite, cookie: signedIn, 'content-type': 'application/x-www-form-urlencoded' }, body: '' }, target.params);
    await inParallel(all.filter((target) => !target.path.includes('logout')), post);
    await inParallel(all.filter((target) => target.path.includes('logout')), post);
    for (const fn of scheduled()) {
      const run = await call(fn.name, scheduleCall(fn));
      expect(run.status, describeResult(run)).toBeLessThan(300);
    }

    const signedInPages = results.filter((result) => result.call.headers?.cookie === signedIn && result.call.method === undefined && result.status === 200);
    expect(signedInPages.map((result) => result.call.path)).toEqual(expect.arrayContaining(['/admin/', '/admin/summary/?month=2026-11', `/c/${code}/`]));
    expect(results.filter((result) => result.status >= 500 || result.thrown).map(describeResult)).toEqual([]);
  });

  test('every function and on-demand page answer carries the security headers (CSP, frame-ancestors, HSTS…)', () => {
    expect(results.length).toBeGreaterThan(100);
    expect(results.flatMap(missingHeaders)).toEqual([]);
  });

  test('nothing is written under the bundle (Netlify’s file system is read-only)', () => {
    expect(listFiles(bundle.dir)).toEqual(filesBefore);
  });
});

const stackFrame = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

describe('on Netlify with the secrets and the mail settings unset', () => {
  const missing = ['CARD_SECRET', 'SESSION_SECRET', 'ADMIN_PASSWORD', 'STAFF_PIN', 'RESEND_API_KEY', 'MAIL_FROM'];
  let site: NetlifyFunctions;
  beforeAll(() => {
    site = new NetlifyFunctions(bundle.functions, netlifyEnv(siteUrl, {}, database.url));
  });
  afterAll(async () => site?.close());

  test('/api/health answers 503 naming every missing variable', async () => {
    const health = await site.invoke('health', { path: '/api/health' });
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body)).toMatchObject({ ok: false, missing: expect.arrayContaining(missing) });
  });

  test('every route answers a clear message naming what is missing, never a stack', async () => {
    const all = targets({ lang: ['en', 'es'], code: ['AAAAAAAAAAAAAAAAAA'], id: ['feedback', '2026-11-0123456789abcdef'], kind: exportKinds });
    const results: Result[] = [];
    await inParallel(all, async (target) => {
      results.push(await site.invoke(target.function, { path: target.path }, target.params));
      results.push(await site.invoke(target.function, { method: 'POST', path: target.path, headers: { ...sameSite, 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.example' }, target.params));
    });
    for (const fn of scheduled()) results.push(await site.invoke(fn.name, scheduleCall(fn)));
    const unclear = results.filter(
      (result) => result.thrown || stackFrame.test(result.body) || (result.status >= 500 && !missing.some((name) => result.body.includes(name))),
    );
    expect(unclear.map(describeResult)).toEqual([]);
    expect(results.flatMap(missingHeaders)).toEqual([]);
  });
});
