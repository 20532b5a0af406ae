import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { tryAccount } from '../../src/sessions/queries.ts';
import { accountLockout, hasSession, loginLimit, logIn, logOut, signOutEverywhere, type LoginResult, type Role } from '../../src/sessions/sessions.ts';
import { engines, type Engine } from '../support/db.ts';
import { readOutbox, testApp } from '../support/temp.ts';

const PIN = '482913';
const pair = (setCookie: string) => setCookie.split(';')[0]!;
const request = (...cookies: string[]) => new Request('http://localhost/api/x', { headers: cookies.length > 0 ? { cookie: cookies.join('; ') } : {} });
let addresses = 0;
const freshAddress = () => `203.0.113.${++addresses % 250}-${addresses}`;

function signedIn(result: LoginResult): { session: string; device: string } {
  if (!result.ok) throw new Error(`expected a sign-in, got ${result.reason}`);
  return { session: pair(result.setCookie), device: pair(result.deviceCookie) };
}

describe.each(engines)('sign-in and sessions on %s', (engine: Engine) => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());
  const staffApp = async (env: Record<string, string> = {}) => {
    const made = await testApp({ STAFF_PIN: PIN, SESSION_SECRET: 's', OWNER_EMAIL: 'owner@test.example', ...env }, engine);
    close = () => made.app.db.close();
    return made;
  };
  const count = async (app: App, sql: string) => Number((await app.db.query(sql))[0]!.n);

  describe('logIn() and hasSession()', () => {
    test('the right PIN gives an httpOnly Strict session that hasSession() accepts, and a device cookie for the sign-in only', async () => {
      const { app } = await staffApp();
      const result = await logIn(app, 'staff', '198.51.100.7', PIN);
      if (!result.ok) throw new Error('expected success');
      expect(result.setCookie).toMatch(/^vuelve_staff=[\w-]{43}; Path=\/; Max-Age=2592000; HttpOnly; Secure; SameSite=Strict$/);
      expect(result.deviceCookie).toMatch(/^vuelve_staff_device=[^;]+; Path=\/api\/staff\/login; Max-Age=31536000; HttpOnly; Secure; SameSite=Strict$/);
      const { session, device } = signedIn(result);
      expect(await hasSession(app, 'staff', request(session))).toBe(true);
      expect(await hasSession(app, 'admin', request(session.replace('vuelve_staff', 'vuelve_admin')))).toBe(false);
      // The device cookie opens nothing.
      expect(await hasSession(app, 'staff', request(device.replace('vuelve_staff_device', 'vuelve_staff')))).toBe(false);
    });

    test('only the token\'s SHA-256 is stored, with the browser\'s device id', async () => {
      const { app } = await staffApp();
      const { session } = signedIn(await logIn(app, 'staff', '198.51.100.7', PIN));
      const token = session.split('=')[1]!;
      const stored = await app.db.query('SELECT token_hash, role, device FROM sessions');
      expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex'), role: 'staff', device: expect.stringMatching(/^[\w-]{22}$/) }]);
      expect(JSON.stringify(stored)).not.toContain(token);
    });

    test('a wrong PIN, a made-up cookie and an expired session are refused', async () => {
      const { app, clock } = await staffApp();
      expect(await logIn(app, 'staff', '198.51.100.7', '000000')).toEqual({ ok: false, reason: 'wrong' });
      expect(await hasSession(app, 'staff', request('vuelve_staff=eyJ4IjoxfQ.forged'))).toBe(false);
      expect(await hasSession(app, 'staff', request())).toBe(false);
      const { session } = signedIn(await logIn(app, 'staff', '198.51.100.7', PIN));
      clock.advance(30 * 24 * 3_600_000);
      expect(await hasSession(app, 'staff', request(session))).toBe(false);
    });

    test('expired sessions are deleted by the next sign-in', async () => {
      const { app, clock } = await staffApp();
      for (let i = 0; i < 3; i++) await logIn(app, 'admin', freshAddress(), 'admin');
      expect(await count(app, 'SELECT count(*)::int AS n FROM sessions')).toBe(3);
      clock.advance(12 * 3_600_000);
      await logIn(app, 'staff', freshAddress(), PIN);
      expect(await app.db.query('SELECT role FROM sessions')).toEqual([{ role: 'staff' }]);
    });
  });

  describe('ending sessions', () => {
    test('logOut() ends the request\'s session on the server; other sessions stay', async () => {
      const { app } = await staffApp();
      const [phone, other] = [signedIn(await logIn(app, 'staff', freshAddress(), PIN)), signedIn(await logIn(app, 'staff', freshAddress(), PIN))];
      expect(await logOut(app, 'staff', request(phone.session))).toBe('vuelve_staff=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict');
      expect(await hasSession(app, 'staff', request(phone.session))).toBe(false);
      expect(await hasSession(app, 'staff', request(other.session))).toBe(true);
      // Signing out without a session (or twice) clears the cookie all the same.
      expect(await logOut(app, 'staff', request(phone.session))).toMatch(/^vuelve_staff=;/);
    });

    test('signOutEverywhere(): every staff phone, then everybody', async () => {
      const { app } = await staffApp();
      const phones = [signedIn(await logIn(app, 'staff', freshAddress(), PIN)), signedIn(await logIn(app, 'staff', freshAddress(), PIN))];
      const owner = signedIn(await logIn(app, 'admin', freshAddress(), 'admin'));
      expect(await signOutEverywhere(app, 'staff')).toBe(2);
      expect(await Promise.all(phones.map((phone) => hasSession(app, 'staff', request(phone.session))))).toEqual([false, false]);
      expect(await hasSession(app, 'admin', request(owner.session))).toBe(true);
      expect(await signOutEverywhere(app, 'all')).toBe(1);
      expect(await hasSession(app, 'admin', request(owner.session))).toBe(false);
      expect(await count(app, 'SELECT count(*)::int AS n FROM sessions')).toBe(0);
    });

    test('a new STAFF_PIN ends the sessions started with the old one, whose rows go at the next sign-in', async () => {
      const { app } = await staffApp();
      const { session } = signedIn(await logIn(app, 'staff', freshAddress(), PIN));
      const owner = signedIn(await logIn(app, 'admin', freshAddress(), 'admin'));
      const renewed: App = { ...app, secret: (name) => (name === 'STAFF_PIN' ? '907153' : app.secret(name)) };
      expect(await hasSession(renewed, 'staff', request(session))).toBe(false);
      expect(await hasSession(renewed, 'admin', request(owner.session))).toBe(true);
      signedIn(await logIn(renewed, 'staff', freshAddress(), '907153'));
      expect(await count(app, "SELECT count(*)::int AS n FROM sessions WHERE role = 'staff'")).toBe(1);
    });
  });

  describe('sign-in limits for browsers that never signed in', () => {
    test('right sign-ins never count: twenty phones on the shop Wi-Fi sign in within a minute', async () => {
      const { app, clock } = await staffApp();
      for (let i = 0; i < 20; i++) {
        expect((await logIn(app, 'staff', '198.51.100.7', PIN)).ok).toBe(true);
        clock.advance(3000);
      }
      expect(await count(app, 'SELECT count(*)::int AS n FROM account_lockouts')).toBe(0);
    });

    test('after five wrong tries from one address in 15 minutes it is refused, even with the right PIN; another address is not', async () => {
      const { app, clock } = await staffApp();
      for (let i = 0; i < loginLimit('staff').max; i++) {
        expect(await logIn(app, 'staff', '198.51.100.7', `00000${i}`)).toEqual({ ok: false, reason: 'wrong' });
        clock.advance(60_000);
      }
      expect(await logIn(app, 'staff', '198.51.100.7', PIN)).toEqual({ ok: false, reason: 'rate-limited', retryAfter: 10 * 60 });
      expect((await logIn(app, 'staff', '198.51.100.8', PIN)).ok).toBe(true);
      // A sliding window: the first wrong try leaves it 15 minutes after it was made, not at a clock boundary.
      clock.advance(10 * 60_000);
      expect((await logIn(app, 'staff', '198.51.100.7', PIN)).ok).toBe(true);
    });

    test('thirty wrong tries at once from one address: five are checked, the rest refused', async () => {
      const { app } = await staffApp();
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => logIn(app, 'staff', '198.51.100.7', `1${String(i).padStart(5, '0')}`)));
      expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(loginLimit('staff').max);
      expect(results.filter((r) => !r.ok && r.reason === 'rate-limited')).toHaveLength(30 - loginLimit('staff').max);
    });

    test('thirty wrong tries at once from thirty addresses: the account\'s ten free ones are checked and counted, no more', async () => {
      const { app } = await staffApp();
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => logIn(app, 'staff', freshAddress(), `2${String(i).padStart(5, '0')}`)));
      expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(accountLockout.free);
      expect(results.filter((r) => !r.ok && r.reason === 'rate-limited')).toHaveLength(30 - accountLockout.free);
      expect(await app.db.query('SELECT account, device, failures FROM account_lockouts')).toEqual([{ account: 'staff', device: '', failures: accountLockout.free }]);
    });

    test('a guesser rotating addresses is slowed for the whole account: about a hundred tries a day, not thousands', async () => {
      const { app, clock } = await staffApp();
      const start = app.now().getTime();
      let checked = 0;
      let guess = 100000;
      while (app.now().getTime() - start < 24 * 3_600_000) {
        const result = await logIn(app, 'staff', freshAddress(), String(guess++));
        if (result.ok) throw new Error('guessed');
        if (result.reason === 'wrong') checked++;
        // The guesser waits exactly as long as told (or a second), always from a new address.
        clock.advance(result.reason === 'rate-limited' ? result.retryAfter * 1000 : 1000);
      }
      expect(checked).toBeGreaterThan(accountLockout.free);
      expect(checked).toBeLessThan(24 * 4 + 40);
    }, 60_000);

    test('past ten wrong tries from anywhere, each new try waits twice as long as the last, then the right PIN works', async () => {
      const { app, clock } = await staffApp();
      for (let i = 0; i < accountLockout.free; i++) await logIn(app, 'staff', freshAddress(), '000000');
      expect(await logIn(app, 'staff', freshAddress(), PIN)).toEqual({ ok: false, reason: 'rate-limited', retryAfter: 1 });
      clock.advance(1000);
      expect(await logIn(app, 'staff', freshAddress(), '000000')).toEqual({ ok: false, reason: 'wrong' });
      expect(await logIn(app, 'staff', freshAddress(), PIN)).toEqual({ ok: false, reason: 'rate-limited', retryAfter: 2 });
      clock.advance(2000);
      expect((await logIn(app, 'staff', freshAddress(), PIN)).ok).toBe(true);
      // The admin account has its own streak.
      expect((await logIn(app, 'admin', freshAddress(), 'admin')).ok).toBe(true);
    });

    test('a right try, let through or refused, leaves the streak as it was', async () => {
      const { app, clock } = await staffApp();
      for (let i = 0; i < accountLockout.free + 1; i++) {
        await logIn(app, 'staff', freshAddress(), '000000');
        clock.advance(60_000);
      }
      const streak = async () => app.db.query('SELECT failures, started_at, last_at FROM account_lockouts');
      const before = await streak();
      expect((await logIn(app, 'staff', freshAddress(), PIN)).ok).toBe(true);
      await logIn(app, 'staff', freshAddress(), '000000');
      const during = await streak();
      expect((await logIn(app, 'staff', freshAddress(), PIN)).ok).toBe(false);
      expect(await streak()).toEqual(during);
      expect(during).not.toEqual(before);
    });

    test('a quiet day forgets a streak, and its row goes', async () => {
      const { app, clock } = await staffApp();
      for (let i = 0; i < accountLockout.free + 3; i++) {
        await logIn(app, 'staff', freshAddress(), '000000');
        clock.advance(60_000);
      }
      clock.advance(accountLockout.forgetAfterMs);
      for (let i = 0; i < accountLockout.free; i++) expect(await logIn(app, 'staff', freshAddress(), '000000')).toEqual({ ok: false, reason: 'wrong' });
      await logIn(app, 'admin', freshAddress(), 'wrong');
      clock.advance(accountLockout.forgetAfterMs);
      await logIn(app, 'admin', freshAddress(), 'wrong again');
      expect(await app.db.query('SELECT account, failures FROM account_lockouts')).toEqual([{ account: 'admin', failures: 1 }]);
    });

    test('the owner gets one email when wrong tries pile up, and again at ten times as many, dated in the shop\'s time zone', async () => {
      const { app, clock, dataDir } = await staffApp();
      for (let i = 0; i < accountLockout.free - 1; i++) await logIn(app, 'staff', freshAddress(), '000000');
      expect(await readOutbox(dataDir)).toEqual([]);
      await logIn(app, 'staff', freshAddress(), '000000');
      const [alert, ...rest] = await readOutbox(dataDir);
      expect(rest).toEqual([]);
      expect(alert!.headers.to).toBe('owner@test.example');
      // 10:00 UTC is 11:00 in Madrid.
      expect(alert!.headers.subject).toBe('10 wrong staff PINs since 26 November 2026 at 11:00');
      expect(alert!.text).toContain('change STAFF_PIN');
      for (let failures = accountLockout.free; failures < accountLockout.free * 10; ) {
        const result = await logIn(app, 'staff', freshAddress(), '000000');
        if (!result.ok && result.reason === 'wrong') failures++;
        clock.advance(!result.ok && result.reason === 'rate-limited' ? result.retryAfter * 1000 : 0);
      }
      expect((await readOutbox(dataDir)).map((email) => email.headers.subject)).toEqual([
        '10 wrong staff PINs since 26 November 2026 at 11:00',
        '100 wrong staff PINs since 26 November 2026 at 11:00',
      ]);
    }, 60_000);
  });

  describe('sign-in limits for a browser that signed in before (its device cookie)', () => {
    const remembered = async (app: App, role: Role, secret: string) => request(signedIn(await logIn(app, role, freshAddress(), secret)).device);

    test('is let in with the right PIN while the account holds every other browser back, and its address is not limited', async () => {
      const { app } = await staffApp();
      const phone = await remembered(app, 'staff', PIN);
      for (let i = 0; i < accountLockout.free; i++) await logIn(app, 'staff', freshAddress(), '000000');
      for (let i = 0; i < loginLimit('staff').max; i++) await logIn(app, 'staff', '198.51.100.9', '000000');
      expect(await logIn(app, 'staff', freshAddress(), PIN)).toMatchObject({ ok: false, reason: 'rate-limited' });
      expect((await logIn(app, 'staff', '198.51.100.9', PIN, phone)).ok).toBe(true);
    });

    test('its own wrong tries count against it alone: thirty at once, ten checked; other browsers are not held back', async () => {
      const { app } = await staffApp();
      const phone = await remembered(app, 'staff', PIN);
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => logIn(app, 'staff', freshAddress(), `3${String(i).padStart(5, '0')}`, phone)));
      expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(accountLockout.free);
      expect(await logIn(app, 'staff', freshAddress(), PIN, phone)).toMatchObject({ ok: false, reason: 'rate-limited' });
      expect((await logIn(app, 'staff', freshAddress(), PIN)).ok).toBe(true);
      expect(await app.db.query("SELECT failures FROM account_lockouts WHERE device <> ''")).toEqual([{ failures: accountLockout.free }]);
    });

    test('a right sign-in forgives its own streak', async () => {
      const { app, clock } = await staffApp();
      const phone = await remembered(app, 'staff', PIN);
      for (let i = 0; i < 3; i++) await logIn(app, 'staff', freshAddress(), '000000', phone);
      clock.advance(1000);
      expect((await logIn(app, 'staff', freshAddress(), PIN, phone)).ok).toBe(true);
      expect(await count(app, 'SELECT count(*)::int AS n FROM account_lockouts')).toBe(0);
    });

    test('a device cookie is for its role, and one signed with another SESSION_SECRET is a stranger\'s', async () => {
      const { app } = await staffApp();
      const phone = await remembered(app, 'staff', PIN);
      await logIn(app, 'admin', freshAddress(), 'wrong', phone);
      await logIn(app, 'staff', freshAddress(), '000000', request(signedIn(await logIn({ ...app, secret: (name) => (name === 'SESSION_SECRET' ? 'other' : app.secret(name)) }, 'staff', freshAddress(), PIN)).device));
      expect(await app.db.query('SELECT account, device FROM account_lockouts ORDER BY account')).toEqual([
        { account: 'admin', device: '' },
        { account: 'staff', device: '' },
      ]);
    });
  });

  describe('tryAccount()', () => {
    test('thirty simultaneous wrong tries the policy lets through are all counted', async () => {
      const { app } = await staffApp();
      const roomy = { ...accountLockout, free: 50 };
      const tries = await Promise.all(Array.from({ length: 30 }, () => tryAccount(app.db, roomy, { account: 'admin', device: '', failed: true, now: app.now() })));
      expect(tries.filter((t) => t.counted)).toHaveLength(30);
      expect(tries.map((t) => t.counted!.failures).toSorted((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(await app.db.query('SELECT failures FROM account_lockouts')).toEqual([{ failures: 30 }]);
    });
  });
});
