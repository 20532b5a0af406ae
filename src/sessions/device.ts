import { randomBytes } from 'node:crypto';
import { readToken, signToken } from '../domain/signing.ts';
import { readCookies, sessionCookie } from '../http/cookies.ts';
import type { Role } from './roles.ts';

/**
 * Device cookies (OWASP): a browser that signs in gets a signed, random id for the role, so its later tries count
 * against its own streak and a stranger's guesses never hold it back. It opens nothing, and goes only to sign-in (Path).
 */

/** A browser is remembered for a year after it last signed in. */
const DEVICE_DAYS = 365;

const cookieName = (role: Role) => `vuelve_${role}_device`;
const purpose = (role: Role) => `device:${role}`;
const signInPath = (role: Role) => `/api/${role}/login`;

/**
 * The id of the browser behind a request, when it carries a genuine, unexpired device cookie for `role`.
 * @example knownDevice(secret, 'admin', request, now) → 'q3Xr…' or undefined
 */
export function knownDevice(secret: string, role: Role, request: Request, now: Date): string | undefined {
  const token = readCookies(request)[cookieName(role)];
  const id = token ? readToken(secret, purpose(role), token, now)?.d : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** A new device id: 128 random bits. */
export const newDeviceId = (): string => randomBytes(16).toString('base64url');

/**
 * The Set-Cookie that remembers a browser for `role` (renewed at each sign-in).
 * @example deviceCookie(secret, 'staff', newDeviceId(), now) → 'vuelve_staff_device=…; Path=/api/staff/login; …'
 */
export function deviceCookie(secret: string, role: Role, id: string, now: Date): string {
  const maxAge = DEVICE_DAYS * 86_400;
  const token = signToken(secret, purpose(role), { d: id }, new Date(now.getTime() + maxAge * 1000));
  return sessionCookie(cookieName(role), token, maxAge, signInPath(role));
}
