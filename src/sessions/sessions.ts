import { createHash, randomBytes } from 'node:crypto';
import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import { pseudonym, safeEqual, sign } from '../domain/signing.ts';
import { signInAlertEmail } from '../email/templates/sign-in-alert.ts';
import { clearedCookie, readCookies, sessionCookie } from '../http/cookies.ts';
import { take } from '../limits/rate-limit.ts';
import type { RateLimit } from '../limits/window.ts';
import { deviceCookie, knownDevice, newDeviceId } from './device.ts';
import { alertDue, waitBeforeTry, type FailureStreak, type LockoutPolicy } from './lockout.ts';
import { endSession, endSessions, startSession, sessionIsOpen, tryAccount } from './queries.ts';
import { roles, type Role } from './roles.ts';

export type { Role } from './roles.ts';

/** Five wrong tries per 15 minutes per address, for browsers the account does not know; right ones do not count. */
export const loginLimit = (role: Role): RateLimit => ({ name: `login-${role}`, max: 5, windowMs: 15 * 60_000 });

/** Per account and kind of browser: ten wrong tries, then 1 s, 2 s, 4 s… up to 15 minutes, forgotten after a quiet day. A 6-digit PIN then takes years to guess. */
export const accountLockout: LockoutPolicy = { free: 10, firstDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetAfterMs: 24 * 3_600_000 };

export type LoginResult =
  | { ok: true; setCookie: string; deviceCookie: string }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'rate-limited'; retryAfter: number };

/**
 * Checks a PIN or password; on success starts a session: its Set-Cookie and the browser's device cookie. A remembered
 * browser's wrong tries count against itself only; others' against the client address and the shared streak. A right
 * try counts nothing but is refused while those limits hold (so a right guess cannot bypass them). The owner is
 * emailed when wrong tries pile up. `client`: clientAddress()'s.
 * @example const result = await logIn(app, 'staff', clientAddress(request, context), pin, request)
 */
export async function logIn(app: App, role: Role, client: string, given: string, request?: Request): Promise<LoginResult> {
  const now = app.now();
  const key = app.secret('SESSION_SECRET');
  // Compare MACs, not the raw values, so lengths leak nothing either.
  const right = safeEqual(sign(key, given), sign(key, app.secret(roles[role].secret)));
  const device = request && knownDevice(key, role, request, now);
  const byAddress = device ? undefined : await take(app, loginLimit(role), pseudonym(key, client), now);
  if (byAddress && !byAddress.ok) return { ok: false, reason: 'rate-limited', retryAfter: byAddress.retryAfter };
  const streak = await tryAccount(app.db, accountLockout, { account: role, device: device ?? '', failed: !right, now });
  const letThrough = right ? waitBeforeTry(accountLockout, streak.before, now) === 0 : streak.counted !== undefined;
  // The address's count is for wrong tries that were checked.
  if (!letThrough || right) await byAddress?.release();
  if (!letThrough) return { ok: false, reason: 'rate-limited', retryAfter: Math.max(1, Math.ceil(waitBeforeTry(accountLockout, streak.before, now) / 1000)) };
  if (!right) {
    if (alertDue(accountLockout, streak.counted!.failures)) await alertOwner(app, role, device, streak.counted!);
    return { ok: false, reason: 'wrong' };
  }
  const token = randomBytes(32).toString('base64url');
  const { cookie, hours } = roles[role];
  const id = device ?? newDeviceId();
  await startSession(app.db, { tokenHash: hashOf(token), role, fingerprint: fingerprint(app, role), device: id, now, expiresAt: new Date(now.getTime() + hours * 3_600_000) });
  return { ok: true, setCookie: sessionCookie(cookie, token, hours * 3600), deviceCookie: deviceCookie(key, role, id, now) };
}

/**
 * The headers of a successful sign-in's answer: the device and the session cookies, never cached. The session
 * comes last: `npm start`'s Netlify emulation (@netlify/dev-utils fromWebResponse) keeps only the last
 * Set-Cookie of a function's answer, and there the session matters more.
 */
export function signedInHeaders(result: { setCookie: string; deviceCookie: string }): [string, string][] {
  return [['set-cookie', result.deviceCookie], ['set-cookie', result.setCookie], ['cache-control', 'no-store']];
}

async function alertOwner(app: App, role: Role, device: string | undefined, streak: FailureStreak): Promise<void> {
  const site = readSite();
  const message = signInAlertEmail(site.ownerLocale, site, app.config.siteUrl, { role, failures: streak.failures, since: streak.startedAt });
  // One email per streak and count, however many instances see it.
  const idempotencyKey = `sign-in-alert-${role}-${device ?? 'new'}-${streak.startedAt.getTime()}-${streak.failures}`;
  const sent = await app.mailer.send({ to: app.config.ownerEmail ?? site.ownerEmail, ...message }, { idempotencyKey });
  if (!sent.ok) console.error(`The sign-in alert could not be sent: ${sent.error.message}`);
}

/**
 * Whether the request carries a session for `role` that is open on the server: not signed out, not
 * expired, and started with the role's current PIN or password.
 * @example if (!(await hasSession(app, 'staff', request))) return sessionRequired(…)
 */
export async function hasSession(app: App, role: Role, request: Request): Promise<boolean> {
  const token = readCookies(request)[roles[role].cookie];
  return Boolean(token) && sessionIsOpen(app.db, hashOf(token!), role, fingerprint(app, role), app.now());
}

/**
 * Signing out: the request's session for `role` ends on the server; the Set-Cookie that clears it.
 * @example const setCookie = await logOut(app, 'admin', request)
 */
export async function logOut(app: App, role: Role, request: Request): Promise<string> {
  const token = readCookies(request)[roles[role].cookie];
  if (token) await endSession(app.db, hashOf(token), app.now());
  return clearedCookie(roles[role].cookie);
}

/** What the owner can sign out from the dashboard: every staff phone, or every session (the owner's too). */
export const signOutScopes = { staff: ['staff'], all: ['staff', 'admin'] } as const satisfies Record<string, Role[]>;
export type SignOutScope = keyof typeof signOutScopes;

/**
 * Ends every session in `scope`; how many were open.
 * @example await signOutEverywhere(app, 'staff') → 3
 */
export function signOutEverywhere(app: App, scope: SignOutScope): Promise<number> {
  return endSessions(app.db, [...signOutScopes[scope]], app.now());
}

/** A MAC of the role's current secret: a session started with another PIN or password opens nothing. */
export function fingerprint(app: App, role: Role): string {
  return sign(app.secret('SESSION_SECRET'), `session:${role}:${app.secret(roles[role].secret)}`);
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');
