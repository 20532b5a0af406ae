import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 signatures for what the kit hands out and must trust when it comes back: card codes, cookies, email links. */

/** base64url HMAC-SHA256 of `payload`, optionally cut to `length` characters. */
export function sign(secret: string, payload: string, length?: number): string {
  const mac = createHmac('sha256', secret).update(payload).digest('base64url');
  return length ? mac.slice(0, length) : mac;
}

/** Compares in constant time, so that a forger learns nothing from timing. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verify(secret: string, payload: string, signature: string, length?: number): boolean {
  return safeEqual(sign(secret, payload, length), signature);
}

/** A signed, expiring token carrying `data` (`base64url(json).signature`); `purpose` stops replay as another kind. */
export function signToken(secret: string, purpose: string, data: Record<string, unknown>, expiresAt: Date): string {
  const body = Buffer.from(JSON.stringify({ ...data, p: purpose, exp: expiresAt.getTime() })).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The data of a token signed with `secret` for `purpose` and not expired at `now`; otherwise null. */
export function readToken(secret: string, purpose: string, token: string, now: Date): Record<string, unknown> | null {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || !verify(secret, body, signature)) return null;
  try {
    const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (data.p !== purpose || typeof data.exp !== 'number' || data.exp <= now.getTime()) return null;
    const { p: _purpose, exp: _exp, ...rest } = data;
    return rest;
  } catch {
    return null;
  }
}

/** A stable, non-reversible stand-in for a personal value (an IP address) that must never be stored raw. */
export function pseudonym(secret: string, value: string): string {
  return sign(`${secret}:pseudonym`, value, 22);
}
