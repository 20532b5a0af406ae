import { describe, expect, test } from 'vitest';
import { accountLockout, hasSession, loginLimit, logIn } from '../../src/services/sessions.ts';
import { readOutbox, testApp } from '../support/temp.ts';

const PIN = '482913';
const request = (cookie?: string) => new Request('http://localhost/api/x', { headers: cookie ? { cookie } : {} });
const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;
const staffApp = () => testApp({ STAFF_PIN: PIN, SESSION_SECRET: 's', OWNER_EMAIL: 'owner@test.example' });
let addresses = 0;
const freshAddress = () => `203.0.113.${++addresses % 250}-${addresses}`;

describe('logIn() and hasSession()', () => {
  test('the right PIN gives a signed httpOnly Strict session that hasSession() accepts', async () => {
    const { app } = await staffApp();
    const result = await logIn(app, 'staff', '198.51.100.7', PIN);
    if (!result.ok) throw new Error('expected success');
    expect(result.setCookie).toMatch(/HttpOnly; Secure; SameSite=Strict/);
    expect(hasSession(app, 'staff', request(cookiePair(result.setCookie)))).toBe(true);
    expect(hasSession(app, 'admin', request(cookiePair(result.setCookie).replace('vuelve_staff', 'vuelve_admin')))).toBe(false);
  });

  test('a wrong PIN, a forged cookie and an expired session are refused', async () => {
    const { app, clock } = await staffApp();
    expect(await logIn(app, 'staff', '198.51.100.7', '000000')).toEqual({ ok: false, reason: 'wrong' });
    expect(hasSession(app, 'staff', request('vuelve_staff=eyJ4IjoxfQ.forged'))).toBe(false);
    const result = await logIn(app, 'staff', '198.51.100.7', PIN);
    if (!result.ok) throw new Error('expected success');
    clock.advance(31 * 24 * 3_600_000);
    expect(hasSession(app, 'staff', request(cookiePair(result.setCookie)))).toBe(false);
  });
});

describe('sign-in limits', () => {
  test('right sign-ins never count: twenty phones on the shop Wi-Fi sign in within a minute', async () => {
    const { app, clock } = await staffApp();
    for (let i = 0; i < 20; i++) {
      expect((await logIn(app, 'staff', '198.51.100.7', PIN)).ok).toBe(true);
      clock.advance(3000);
    }
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

  // These two sign in hundreds of times one after another, each a few locked writes to the file store: seconds on a busy machine.
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
  }, 30_000);

  test('past ten wrong tries from anywhere, each new try waits twice as long as the last, then the right PIN still works', async () => {
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

  test('a quiet day forgets a streak', async () => {
    const { app, clock } = await staffApp();
    for (let i = 0; i < accountLockout.free + 3; i++) {
      await logIn(app, 'staff', freshAddress(), '000000');
      clock.advance(60_000);
    }
    clock.advance(accountLockout.forgetAfterMs);
    for (let i = 0; i < accountLockout.free; i++) expect(await logIn(app, 'staff', freshAddress(), '000000')).toEqual({ ok: false, reason: 'wrong' });
  });

  test('the owner gets one email when wrong tries pile up, and again at ten times as many', async () => {
    const { app, clock, dataDir } = await staffApp();
    for (let i = 0; i < accountLockout.free - 1; i++) await logIn(app, 'staff', freshAddress(), '000000');
    expect(await readOutbox(dataDir)).toEqual([]);
    await logIn(app, 'staff', freshAddress(), '000000');
    const [alert, ...rest] = await readOutbox(dataDir);
    expect(rest).toEqual([]);
    expect(alert!.headers.to).toBe('owner@test.example');
    expect(alert!.headers.subject).toBe('10 wrong staff PINs since 26 November 2026 at 10:00');
    expect(alert!.text).toContain('change STAFF_PIN');
    for (let failures = accountLockout.free; failures < accountLockout.free * 10; ) {
      const result = await logIn(app, 'staff', freshAddress(), '000000');
      if (!result.ok && result.reason === 'wrong') failures++;
      clock.advance(!result.ok && result.reason === 'rate-limited' ? result.retryAfter * 1000 : 0);
    }
    expect((await readOutbox(dataDir)).map((email) => email.headers.subject)).toEqual([
      '10 wrong staff PINs since 26 November 2026 at 10:00',
      '100 wrong staff PINs since 26 November 2026 at 10:00',
    ]);
  }, 30_000);
});
