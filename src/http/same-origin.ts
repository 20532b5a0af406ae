/**
 * Two guards that keep a request on this site: one for where a browser is sent
 * next, one against state changes sent by another site's page (CSRF).
 */

// Any fixed origin: a path is resolved against it, then must still be on it.
const base = 'https://vuelve.invalid';

/**
 * `next` when it is a canonical path on this site that `allowed` accepts, else
 * `fallback`. Parsed as a URL, as a browser would, so `/\evil.example/`,
 * `//evil.example`, `https://evil.example` or `/%0d…` never pass.
 * @example sameOriginPath('/admin/followups/', '/admin/', isAdminPath) // '/admin/followups/'
 */
export function sameOriginPath(next: unknown, fallback: string, allowed: (pathname: string) => boolean = () => true): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return fallback;
  const url = URL.parse(next, base);
  if (!url || url.origin !== base || !allowed(url.pathname)) return fallback;
  const path = url.pathname + url.search + url.hash;
  // Anything the parser had to rewrite (backslashes, spaces, control characters) was not a plain path.
  return path === next ? path : fallback;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request came from another site's page: by its Origin, else Sec-Fetch-Site.
 * Requests with neither (mail providers, webhooks, scripts) are not browsers acting for a signed-in person.
 */
export function isCrossSiteWrite(request: Request, ownOrigins: string[]): boolean {
  if (safeMethods.has(request.method)) return false;
  const origin = request.headers.get('origin');
  if (origin !== null) return ![new URL(request.url).origin, ...ownOrigins].includes(origin);
  const site = request.headers.get('sec-fetch-site');
  return site !== null && site !== 'same-origin' && site !== 'none';
}
