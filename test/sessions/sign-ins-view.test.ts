import { afterEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { limitedAccounts, signedIn } from '../../src/sessions/sign-ins-view.ts';
import { accountLockout, logIn } from '../../src/sessions/sessions.ts';
import { engines } from '../support/db.ts';
import { testApp } from '../support/temp.ts';

let addresses = 0;
const freshAddress = () => `203.0.113.${++addresses % 250}-${addresses}`;
const wrongTries = async (app: App, count: number, device?: Request) => {
  for (let i = 0; i < count; i++) await logIn(app, 'staff', freshAddress(), '000000', device);
};

describe.each(engines)('the dashboard\'s sign-ins on %s', (engine) => {
  let close: () => Promise<void> = async () => undefined;
  afterEach(() => close());
  const fresh = async (env: Record<string, string> = {}) => {
    const made = await testApp({ STAFF_PIN: '482913', SESSION_SECRET: 's', ...env }, engine);
    close = () => made.app.db.close();
    return made;
  };

  test('limitedAccounts(): nothing below the free tries; past them, how many since when, in the shop\'s clock; nothing after a quiet day', async () => {
    const { app, clock } = await fresh();
    await wrongTries(app, accountLockout.free - 1);
    expect(await limitedAccounts(app, 'en')).toEqual([]);
    clock.advance(60_000);
    await wrongTries(app, 1);
    // 10:00 UTC is 11:00 in Madrid.
    expect(await limitedAccounts(app, 'en')).toEqual([{ role: 'staff', failures: accountLockout.free, since: '26 Nov 2026, 11:00' }]);
    expect(await limitedAccounts(app, 'es')).toEqual([{ role: 'staff', failures: accountLockout.free, since: '26 nov 2026, 11:00' }]);
    clock.advance(accountLockout.forgetAfterMs);
    expect(await limitedAccounts(app, 'en')).toEqual([]);
  });

  test('limitedAccounts(): a remembered browser\'s streak past its free tries counts too', async () => {
    const { app } = await fresh();
    const login = await logIn(app, 'staff', freshAddress(), '482913');
    if (!login.ok) throw new Error('expected a sign-in');
    await wrongTries(app, accountLockout.free, new Request('http://localhost/api/staff/login', { headers: { cookie: login.deviceCookie.split(';')[0]! } }));
    expect(await limitedAccounts(app, 'en')).toEqual([{ role: 'staff', failures: accountLockout.free, since: '26 Nov 2026, 11:00' }]);
  });

  test('signedIn(): the sessions that still open something, per role', async () => {
    const { app, clock } = await fresh();
    for (const [role, secret] of [['staff', '482913'], ['staff', '482913'], ['admin', 'admin']] as const) await logIn(app, role, freshAddress(), secret);
    expect(await signedIn(app)).toEqual({ staff: 2, admin: 1 });
    const newPin: App = { ...app, secret: (name) => (name === 'STAFF_PIN' ? '907153' : app.secret(name)) };
    expect(await signedIn(newPin)).toEqual({ staff: 0, admin: 1 });
    clock.advance(12 * 3_600_000);
    expect(await signedIn(app)).toEqual({ staff: 2, admin: 0 });
  });
});
