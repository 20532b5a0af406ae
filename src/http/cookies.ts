import { tryDecode } from './path-params.ts';

/** The cookies of a request, by name. */
export function readCookies(request: Request): Record<string, string> {
  const header = request.headers.get('cookie') ?? '';
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    cookies[name] = tryDecode(value) ?? value;
  }
  return cookies;
}

/** A Set-Cookie value for a session: httpOnly, Secure, SameSite=Strict, whole site. */
export function sessionCookie(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;
}

export function clearedCookie(name: string): string {
  return `${name}=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
}
