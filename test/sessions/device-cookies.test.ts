import { beforeAll, describe, expect, test } from 'vitest';
import type { Handler } from '../../src/http/respond.ts';
import { Browser, functions, testClock } from '../support/sessions.ts';
import { useTempApp } from '../support/temp.ts';

// OWASP's device cookies: a browser that signed in before is not held back by others' wrong tries, and a right
// try never counts as a failure nor pushes a wait back; guessers from new browsers stay slow.
const PASSWORD = 'correct horse';
const PIN = '482913';
const MINUTE = 60_000;
let fn: Record<'admin-login' | 'admin-logout' | 'staff-login' | 'staff-logout', Handler>;
let clock: Awaited<ReturnType<typeof testClock>>;
let ips = 0;
const nextIp = () => `198.51.${Math.floor(++ips / 250)}.${ips % 250}`;

beforeAll(async () => {
  clock = await testClock();
  await useTempApp({ ADMIN_PASSWORD: PASSWORD, STAFF_PIN: PIN, SESSION_SECRET: 'device-cookie-test', TEST_CLOCK_FILE: clock.file });
  fn = await functions(['admin-login', 'admin-logout', 'staff-login', 'staff-logout']);
});

const roles = {
  admin: { login: 'admin-login', logout: 'admin-logout', path: '/api/admin/login', out: '/api/admin/logout', secret: (value: string) => ({ password: value }), right: PASSWORD },
  staff: { login: 'staff-login', logout: 'staff-logout', path: '/api/staff/login', out: '/api/staff/logout', secret: (value: string) => ({ pin: value }), right: PIN },
} as const;

/** One sign-in from `browser` at a new address; its status and Retry-After. */
async function signIn(role: keyof typeof roles, browser: Browser, secret: string): Promise<{ status: number; retryAfter: number }> {
  const { login, path, secret: body } = roles[role];
  const response = browser.keep(await fn[login](browser.request(path, { ip: nextIp(), body: body(secret) })));
  return { status: response.status, retryAfter: Number(response.headers.get('retry-after') ?? 0) };
}

/**
 * Wrong guesses from `browser` (else each from a new browser), each from a new address, waiting as told, until
 * the wait is at least a minute (the app's clock runs on in real time meanwhile); then that wait in seconds.
 */
async function guessUntilHeldBack(role: keyof typeof roles, browser?: Browser): Promise<number> {
  for (let guess = 0; guess < 100; guess++) {
    const { status, retryAfter } = await signIn(role, browser ?? new Browser(), `guess-${guess}`);
    if (status === 429 && retryAfter >= 60) return retryAfter;
    expect([401, 429]).toContain(status);
    if (status === 429) await clock.advance(retryAfter * 1000);
  }
  throw new Error('never held back');
}

describe.each(['admin', 'staff'] as const)('%s sign-in during a guessing attack from other addresses', (role) => {
  test('a browser that signed in before signs in with the right secret at once; a new browser is held back', async () => {
    const remembered = new Browser();
    expect((await signIn(role, remembered, roles[role].right)).status).toBe(200);
    // It signs out (the session ends, the device cookie stays), and the guessing starts.
    const { logout, out } = roles[role];
    remembered.keep(await fn[logout](remembered.request(out, { ip: nextIp(), body: {} })));
    await guessUntilHeldBack(role);
    expect((await signIn(role, new Browser(), roles[role].right)).status).toBe(429);
    expect((await signIn(role, remembered, roles[role].right)).status).toBe(200);
    // Past the wait, a new browser with the right secret gets in too.
    await clock.advance(16 * MINUTE);
  });

  test('a right try never lengthens the wait: the first after it ends signs in, and so does the next at once', async () => {
    const wait = await guessUntilHeldBack(role);
    const during = await signIn(role, new Browser(), roles[role].right);
    expect(during.status).toBe(429);
    expect(during.retryAfter).toBeLessThanOrEqual(wait);
    await clock.advance(wait * 1000);
    expect((await signIn(role, new Browser(), roles[role].right)).status).toBe(200);
    expect((await signIn(role, new Browser(), roles[role].right)).status).toBe(200);
    await clock.advance(16 * MINUTE);
  });

  test('wrong tries from a remembered browser count against that browser only', async () => {
    const mine = new Browser();
    expect((await signIn(role, mine, roles[role].right)).status).toBe(200);
    await guessUntilHeldBack(role, mine);
    expect((await signIn(role, mine, roles[role].right)).status).toBe(429);
    expect((await signIn(role, new Browser(), roles[role].right)).status).toBe(200);
    await clock.advance(16 * MINUTE);
  });
});
