import { describe, expect, test } from 'vitest';
import { hasSession, logIn } from '../../src/services/sessions.ts';
import { testApp } from '../support/temp.ts';

const request = (cookie?: string, ip = '198.51.100.7') =>
  new Request('http://localhost/api/x', { headers: { 'x-nf-client-connection-ip': ip, ...(cookie ? { cookie } : {}) } });
const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;

describe('logIn() and hasSession()', () => {
  test('the right PIN gives a signed httpOnly Strict session that hasSession() accepts', async () => {
    const { app } = await testApp({ STAFF_PIN: '4321', SESSION_SECRET: 's' });
    const result = await logIn(app, 'staff', request(), '4321');
    if (!result.ok) throw new Error('expected success');
    expect(result.setCookie).toMatch(/HttpOnly; Secure; SameSite=Strict/);
    expect(hasSession(app, 'staff', request(cookiePair(result.setCookie)))).toBe(true);
    expect(hasSession(app, 'admin', request(cookiePair(result.setCookie).replace('vuelve_staff', 'vuelve_admin')))).toBe(false);
  });

  test('a wrong PIN, a forged cookie and an expired session are refused', async () => {
    const { app, clock } = await testApp({ STAFF_PIN: '4321', SESSION_SECRET: 's' });
    expect(await logIn(app, 'staff', request(), '0000')).toEqual({ ok: false, reason: 'wrong' });
    expect(hasSession(app, 'staff', request('vuelve_staff=eyJ4IjoxfQ.forged'))).toBe(false);
    const result = await logIn(app, 'staff', request(), '4321');
    if (!result.ok) throw new Error('expected success');
    clock.advance(31 * 24 * 3_600_000);
    expect(hasSession(app, 'staff', request(cookiePair(result.setCookie)))).toBe(false);
  });

  test('the sixth attempt from one address in 15 minutes is refused, even with the right PIN; another address is not', async () => {
    const { app, clock } = await testApp({ STAFF_PIN: '4321', SESSION_SECRET: 's' });
    for (let i = 0; i < 5; i++) await logIn(app, 'staff', request(), '0000');
    expect(await logIn(app, 'staff', request(), '4321')).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect((await logIn(app, 'staff', request(undefined, '198.51.100.8'), '4321')).ok).toBe(true);
    clock.advance(15 * 60_000);
    expect((await logIn(app, 'staff', request(), '4321')).ok).toBe(true);
  });
});
