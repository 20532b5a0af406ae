import type { App } from '../app.ts';
import { pseudonym, readToken, safeEqual, sign, signToken } from '../domain/signing.ts';
import type { RateLimit } from '../domain/rate-limit.ts';
import { clearedCookie, clientIp, readCookies, sessionCookie } from '../http/cookies.ts';
import { hit } from './rate-limit.ts';

/** Who may sign in: staff with STAFF_PIN (stamping cards), the owner with ADMIN_PASSWORD (dashboard). */
export type Role = 'staff' | 'admin';

const roles: Record<Role, { cookie: string; secret: 'STAFF_PIN' | 'ADMIN_PASSWORD'; hours: number }> = {
  staff: { cookie: 'vuelve_staff', secret: 'STAFF_PIN', hours: 24 * 30 },
  admin: { cookie: 'vuelve_admin', secret: 'ADMIN_PASSWORD', hours: 12 },
};

/** Five wrong guesses per 15 minutes per address: a 4-digit PIN would need weeks. */
export const loginLimit = (role: Role): RateLimit => ({ name: `login-${role}`, max: 5, windowMs: 15 * 60_000 });

export type LoginResult =
  | { ok: true; setCookie: string }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'rate-limited'; retryAfter: number };

/**
 * Checks a PIN or password, rate-limited per client address, and on success
 * returns the Set-Cookie of a signed session. Only attempts count, so a
 * correct one after four wrong ones still signs in.
 */
export async function logIn(app: App, role: Role, request: Request, given: string): Promise<LoginResult> {
  const now = app.now();
  const verdict = await hit(app.store, loginLimit(role), pseudonym(app.secret('SESSION_SECRET'), clientIp(request)), now);
  if (!verdict.ok) return { ok: false, reason: 'rate-limited', retryAfter: verdict.retryAfter };
  const expected = app.secret(roles[role].secret);
  // Compare MACs, not the raw values, so lengths leak nothing either.
  const key = app.secret('SESSION_SECRET');
  if (!safeEqual(sign(key, given), sign(key, expected))) return { ok: false, reason: 'wrong' };
  const { cookie, hours } = roles[role];
  const token = signToken(sessionSecret(app, role), `session:${role}`, {}, new Date(now.getTime() + hours * 3_600_000));
  return { ok: true, setCookie: sessionCookie(cookie, token, hours * 3600) };
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
