import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import { alertDue, type FailureStreak, type LockoutPolicy } from '../domain/lockout.ts';
import type { RateLimit } from '../limits/window.ts';
import { pseudonym, readToken, safeEqual, sign, signToken } from '../domain/signing.ts';
import { signInAlertEmail } from '../email/templates/sign-in-alert.ts';
import { clearedCookie, readCookies, sessionCookie } from '../http/cookies.ts';
import { tryAccount } from './lockout.ts';
import { take } from '../limits/rate-limit.ts';

/** Who may sign in: staff with STAFF_PIN (stamping cards), the owner with ADMIN_PASSWORD (dashboard). */
export type Role = 'staff' | 'admin';

const roles: Record<Role, { cookie: string; secret: 'STAFF_PIN' | 'ADMIN_PASSWORD'; hours: number }> = {
  staff: { cookie: 'vuelve_staff', secret: 'STAFF_PIN', hours: 24 * 30 },
  admin: { cookie: 'vuelve_admin', secret: 'ADMIN_PASSWORD', hours: 12 },
};

/** Five wrong tries per 15 minutes per address; right ones do not count, so phones on one Wi-Fi never share a budget. */
export const loginLimit = (role: Role): RateLimit => ({ name: `login-${role}`, max: 5, windowMs: 15 * 60_000 });

/**
 * Per account, from every address together: ten wrong tries, then 1 s, 2 s, 4 s…
 * up to 15 minutes between tries, forgotten after a quiet day. A 6-digit PIN then
 * takes years to guess, however many addresses try.
 */
export const accountLockout: LockoutPolicy = { free: 10, firstDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 3_600_000 };

export type LoginResult =
  | { ok: true; setCookie: string }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'rate-limited'; retryAfter: number };

/**
 * Checks a PIN or password and on success returns the Set-Cookie of a signed
 * session. Only wrong tries count, against the client's address and against the
 * account (each try is counted before the check, so concurrent tries cannot pass
 * the limits, and given back when right). The owner gets an email when wrong
 * tries pile up. `client` is the address from the platform (clientAddress()).
 */
export async function logIn(app: App, role: Role, client: string, given: string): Promise<LoginResult> {
  const now = app.now();
  const key = app.secret('SESSION_SECRET');
  const expected = app.secret(roles[role].secret);
  const byAddress = await take(app, loginLimit(role), pseudonym(key, client), now);
  if (!byAddress.ok) return { ok: false, reason: 'rate-limited', retryAfter: byAddress.retryAfter };
  const byAccount = await tryAccount(app.store, accountLockout, role, now);
  if (!byAccount.ok) {
    await byAddress.release();
    return { ok: false, reason: 'rate-limited', retryAfter: byAccount.retryAfter };
  }
  // Compare MACs, not the raw values, so lengths leak nothing either.
  if (!safeEqual(sign(key, given), sign(key, expected))) {
    if (alertDue(accountLockout, byAccount.streak.failures)) await alertOwner(app, role, byAccount.streak);
    return { ok: false, reason: 'wrong' };
  }
  await Promise.all([byAddress.release(), byAccount.release()]);
  const { cookie, hours } = roles[role];
  const token = signToken(sessionSecret(app, role), `session:${role}`, {}, new Date(now.getTime() + hours * 3_600_000));
  return { ok: true, setCookie: sessionCookie(cookie, token, hours * 3600) };
}

async function alertOwner(app: App, role: Role, streak: FailureStreak): Promise<void> {
  const site = readSite();
  const message = signInAlertEmail(site.ownerLocale, site, app.config.siteUrl, { role, failures: streak.failures, since: new Date(streak.startedAt) });
  // One email per streak and count, however many processes see it.
  const sent = await app.mailer.send({ to: app.config.ownerEmail ?? site.ownerEmail, ...message }, { idempotencyKey: `sign-in-alert-${role}-${streak.startedAt}-${streak.failures}` });
  if (!sent.ok) console.error(`The sign-in alert could not be sent: ${sent.error.message}`);
}

/** Whether the request carries a valid, unexpired session for `role`. */
export function hasSession(app: App, role: Role, request: Request): boolean {
  const token = readCookies(request)[roles[role].cookie];
  return Boolean(token && readToken(sessionSecret(app, role), `session:${role}`, token, app.now()));
}

export function logOutCookie(role: Role): string {
  return clearedCookie(roles[role].cookie);
}

// Changing the PIN or password signs everybody out: it is part of the signing key.
function sessionSecret(app: App, role: Role): string {
  return `${app.secret('SESSION_SECRET')}:${app.secret(roles[role].secret)}`;
}
