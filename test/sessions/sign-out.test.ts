import { beforeAll, describe, expect, test, vi } from 'vitest';
import type { Handler } from '../../src/http/respond.ts';
import { Browser, functions } from '../support/sessions.ts';
import { useTempApp } from '../support/temp.ts';

// Sessions end on the server: after sign-out, after the owner signs phones out, after a change of PIN or password.
const PASSWORD = 'correct horse';
const PIN = '482913';
const names = ['admin-login', 'admin-logout', 'staff-login', 'staff-logout', 'followups', 'stamps'] as const;
let fn: Record<(typeof names)[number], Handler>;
let guardAdminPage: typeof import('../../src/sessions/access.ts').guardAdminPage;
let ips = 0;
const nextIp = () => `192.0.2.${++ips}`;

beforeAll(async () => {
  await useTempApp({ ADMIN_PASSWORD: PASSWORD, STAFF_PIN: PIN, SESSION_SECRET: 'sign-out-test' });
  fn = await functions(names);
  ({ guardAdminPage } = await import('../../src/sessions/access.ts'));
});

async function owner(): Promise<Browser> {
  const browser = new Browser();
  expect(browser.keep(await fn['admin-login'](browser.request('/api/admin/login', { ip: nextIp(), body: { password: PASSWORD } }))).status).toBe(200);
  return browser;
}

async function staffPhone(): Promise<Browser> {
  const browser = new Browser();
  expect(browser.keep(await fn['staff-login'](browser.request('/api/staff/login', { ip: nextIp(), body: { pin: PIN } }))).status).toBe(200);
  return browser;
}

/** What the owner's cookie opens: the privacy page (through the dashboard's guard) and the follow-up API. */
async function ownerAccess(browser: Browser): Promise<number[]> {
  const page = await guardAdminPage(browser.request('/admin/privacy/', { ip: nextIp() }), async () => new Response('the privacy page'));
  const api = await fn.followups(browser.request('/api/followups', { ip: nextIp() }));
  return [page.status, api.status];
}

/** Whether a phone may stamp: a well-formed code that is not genuine gets 404 when signed in, 401 when not. */
async function stampStatus(browser: Browser): Promise<number> {
  return (await fn.stamps(browser.request('/api/stamps', { ip: nextIp(), body: { code: `ABCDEFGH${'x'.repeat(10)}`, key: `stamp-key-${ips}` } }))).status;
}

describe('signing out ends the session on the server', () => {
  test('after POST /api/admin/logout, the same cookie no longer opens /admin/privacy/ or the follow-up API', async () => {
    const browser = await owner();
    const kept = browser.cookie;
    expect(await ownerAccess(browser)).toEqual([200, 200]);
    const out = await fn['admin-logout'](browser.request('/api/admin/logout', { ip: nextIp(), body: {}, form: true }));
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/login/');
    // The same cookie, sent again as an attacker who copied it would.
    const copy = new Browser();
    for (const pair of kept.split('; ')) copy.cookies.set(pair.split('=')[0]!, pair.slice(pair.indexOf('=') + 1));
    expect(await ownerAccess(copy)).toEqual([401, 401]);
  });

  test('after POST /api/staff/logout, the same cookie no longer stamps cards', async () => {
    const phone = await staffPhone();
    const copy = new Browser();
    for (const [name, value] of phone.cookies) copy.cookies.set(name, value);
    expect(await stampStatus(copy)).toBe(404);
    expect((await fn['staff-logout'](phone.request('/api/staff/logout', { ip: nextIp(), body: {} }))).status).toBe(200);
    expect(await stampStatus(copy)).toBe(401);
  });
});

describe('POST /api/admin/sessions: the owner signs phones out from the dashboard', () => {
  const signOut = async (browser: Browser, action: string) =>
    (await import('../../netlify/functions/admin-sessions.mts')).default(browser.request('/api/admin/sessions', { ip: nextIp(), body: { action }, form: true }));

  test('"every staff phone" ends every staff session and keeps the owner signed in', async () => {
    const [phones, me] = [await Promise.all([staffPhone(), staffPhone(), staffPhone()]), await owner()];
    expect(await Promise.all(phones.map(stampStatus))).toEqual([404, 404, 404]);
    const answer = await signOut(me, 'staff');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/admin/?signedOut=staff#sign-ins');
    expect(await Promise.all(phones.map(stampStatus))).toEqual([401, 401, 401]);
    expect(await ownerAccess(me)).toEqual([200, 200]);
    // A phone signs in again with the PIN as before.
    expect(await stampStatus(await staffPhone())).toBe(404);
  });

  test('"every session" ends the staff phones\' and the owner\'s own, and goes to the sign-in form', async () => {
    const [phone, me, otherBrowser] = [await staffPhone(), await owner(), await owner()];
    const answer = await signOut(me, 'all');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/admin/login/');
    expect(await stampStatus(phone)).toBe(401);
    expect(await ownerAccess(me)).toEqual([401, 401]);
    expect(await ownerAccess(otherBrowser)).toEqual([401, 401]);
  });

  test('without the owner\'s session, or with a staff one, nothing is signed out', async () => {
    const phone = await staffPhone();
    expect((await signOut(new Browser(), 'staff')).status).toBe(401);
    expect((await signOut(phone, 'staff')).status).toBe(401);
    expect(await stampStatus(phone)).toBe(404);
  });
});

describe('a changed ADMIN_PASSWORD or STAFF_PIN', () => {
  test('ends the sessions started with the old one; the new one signs in', async () => {
    const [me, phone] = [await owner(), await staffPhone()];
    // The site's environment changes; functions start again with it.
    vi.resetModules();
    Object.assign(process.env, { ADMIN_PASSWORD: 'a new long password', STAFF_PIN: '907153' });
    fn = await functions(names);
    ({ guardAdminPage } = await import('../../src/sessions/access.ts'));
    expect(await ownerAccess(me)).toEqual([401, 401]);
    expect(await stampStatus(phone)).toBe(401);
    const again = new Browser();
    expect(again.keep(await fn['admin-login'](again.request('/api/admin/login', { ip: nextIp(), body: { password: 'a new long password' } }))).status).toBe(200);
    expect(await ownerAccess(again)).toEqual([200, 200]);
  });
});
