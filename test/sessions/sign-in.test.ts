import { beforeAll, describe, expect, test } from 'vitest';
import type { Handler } from '../../src/http/respond.ts';
import { Browser } from '../support/sessions.ts';
import { useTempApp } from '../support/temp.ts';

const origin = 'http://localhost:4321';
const fn: Record<string, Handler> = {};

beforeAll(async () => {
  await useTempApp({ STAFF_PIN: '482913', ADMIN_PASSWORD: 'correct horse', SESSION_SECRET: 'sign-in-test' });
  for (const name of ['staff-login', 'staff-logout', 'admin-login']) fn[name] = ((await import(`../../netlify/functions/${name}.mts`)) as { default: Handler }).default;
});

const attempt = (name: 'staff-login' | 'admin-login', body: Record<string, string>, headers: Record<string, string> = {}, context?: { ip: string }) =>
  fn[name]!(new Request(`${origin}/api/${name.replace('-', '/')}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }), context);

describe('the client address behind sign-in limits', () => {
  test('comes from Netlify\'s context.ip: a new X-Forwarded-For on every try is still the same client', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await attempt('staff-login', { pin: `00000${i}` }, { 'x-forwarded-for': `198.51.100.${i}` }, { ip: '192.0.2.7' });
      expect(response.status).toBe(401);
    }
    const refused = await attempt('staff-login', { pin: '482913' }, { 'x-forwarded-for': '198.51.100.99' }, { ip: '192.0.2.7' });
    expect(refused.status).toBe(429);
    expect((await attempt('staff-login', { pin: '482913' }, {}, { ip: '192.0.2.8' })).status).toBe(200);
  });

  test('without the platform\'s address, X-Forwarded-For is ignored too', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('admin-login', { password: `guess ${i}` }, { 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(401);
    expect((await attempt('admin-login', { password: 'correct horse' }, { 'x-forwarded-for': '198.51.100.200' })).status).toBe(429);
  });

  test('a refused form sign-in says how long to wait', async () => {
    const form = await fn['admin-login']!(
      new Request(`${origin}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-nf-client-connection-ip': '192.0.2.66' }, body: 'password=x' }),
    );
    expect(form.headers.get('location')).toBe('/admin/login/?error=wrong&next=%2Fadmin%2F');
    for (let i = 0; i < 4; i++) await attempt('admin-login', { password: 'x' }, { 'x-nf-client-connection-ip': '192.0.2.66' });
    const refused = await fn['admin-login']!(
      new Request(`${origin}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-nf-client-connection-ip': '192.0.2.66' }, body: 'password=x' }),
    );
    expect(refused.headers.get('location')).toMatch(/^\/admin\/login\/\?error=rate-limited&next=%2Fadmin%2F&wait=9\d\d$/);
  });
});

describe('POST /api/staff/login and /api/staff/logout', () => {
  let ips = 0;
  const form = (browser: Browser, path: string, body: Record<string, string>) => browser.request(path, { ip: `198.51.100.${++ips}`, body, form: true });

  test('the right PIN signs in and goes back to the card; the session cookie is httpOnly, Secure, SameSite=Strict, set last', async () => {
    const next = '/c/ABCDEFGH0123456789?lang=es';
    const response = await fn['staff-login']!(form(new Browser(), '/api/staff/login', { pin: '482913', next }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(next);
    // The session last: `npm start`'s Netlify emulation keeps only the last Set-Cookie of a function's answer.
    const [device, session] = response.headers.getSetCookie();
    expect(device).toMatch(/^vuelve_staff_device=[^;]+; Path=\/api\/staff\/login; Max-Age=31536000; HttpOnly; Secure; SameSite=Strict$/);
    expect(session).toMatch(/^vuelve_staff=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; Secure; SameSite=Strict$/);
  });

  test('a wrong PIN goes back to the sign-in with the error; JSON gets 401', async () => {
    const wrong = await fn['staff-login']!(form(new Browser(), '/api/staff/login', { pin: '000000', next: '/c/x', lang: 'es' }));
    expect(wrong.headers.get('location')).toBe('/staff/?error=wrong&next=%2Fc%2Fx&lang=es');
    expect(wrong.headers.getSetCookie()).toEqual([]);
    expect((await attempt('staff-login', { pin: '000000' }, { 'x-nf-client-connection-ip': '198.51.100.200' })).status).toBe(401);
  });

  test('never sends anyone to another site after signing in', async () => {
    for (const next of ['https://evil.example/', '//evil.example/c/x', '/admin/']) {
      const response = await fn['staff-login']!(form(new Browser(), '/api/staff/login', { pin: '482913', next }));
      expect(response.headers.get('location')).toBe('/staff/');
    }
  });

  test('sign-out clears the session cookie and keeps the device cookie', async () => {
    const phone = new Browser();
    phone.keep(await fn['staff-login']!(form(phone, '/api/staff/login', { pin: '482913' })));
    const response = phone.keep(await fn['staff-logout']!(form(phone, '/api/staff/logout', { lang: 'es' })));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/staff/?lang=es');
    expect(response.headers.getSetCookie()).toEqual(['vuelve_staff=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict']);
    expect([...phone.cookies.keys()]).toEqual(['vuelve_staff_device']);
  });
});
