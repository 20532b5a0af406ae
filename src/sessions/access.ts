import { app } from '../app.ts';
import { readCookies } from '../http/cookies.ts';
import { endpoint, problem, type Handler } from '../http/respond.ts';
import { sameOriginPath } from '../http/same-origin.ts';
import { withSecurityHeaders } from '../http/security-headers.ts';
import { isLocale, negotiateLocale, type Locale } from '../i18n/locales.ts';
import { hasSession } from './sessions.ts';

/** Remembers the language the owner picked for the dashboard (not a secret, so readable by any page). */
export const adminLangCookie = 'vuelve_admin_lang';

/** The owner's dashboard language: `?lang=`, else the one picked before, else the browser's. */
export function adminLocale(request: Request): Locale {
  const fromQuery = new URL(request.url).searchParams.get('lang');
  if (isLocale(fromQuery)) return fromQuery;
  const fromCookie = readCookies(request)[adminLangCookie];
  if (isLocale(fromCookie)) return fromCookie;
  return negotiateLocale(request.headers.get('accept-language'));
}

export const loginPath = '/admin/login/';

/** Whether a path belongs to the dashboard, whose pages the middleware guards. */
export function isAdminPath(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/admin/');
}

/**
 * The guard every /admin/ page goes through (src/middleware.ts): without an open session, the login form in its
 * place (an Astro rewrite, `next(path)`) with status 401; with one, the page, never cached. Remembers `?lang=`.
 */
export async function guardAdminPage(request: Request, next: (rewrite?: string) => Promise<Response>): Promise<Response> {
  const url = new URL(request.url);
  const signedIn = url.pathname === '/admin/login' || url.pathname === loginPath || (await hasSession(app(), 'admin', request));
  const login = new URLSearchParams({ next: url.pathname + url.search });
  if (url.searchParams.has('lang')) login.set('lang', url.searchParams.get('lang')!);
  const response = signedIn ? await next() : await next(`${loginPath}?${login}`);
  const headers = new Headers(response.headers);
  headers.set('cache-control', 'private, no-store');
  headers.set('x-robots-tag', 'noindex');
  const lang = url.searchParams.get('lang');
  if (isLocale(lang)) headers.append('set-cookie', `${adminLangCookie}=${lang}; Path=/; Max-Age=31536000; Secure; SameSite=Strict`);
  return new Response(response.body, { status: signedIn ? response.status : 401, statusText: signedIn ? response.statusText : 'Unauthorized', headers });
}

/** `endpoint()` for /api/admin/ functions: without an open admin session, 401 before the body is even read. */
export function adminEndpoint(methods: readonly string[], handler: Handler): Handler {
  const guarded = endpoint(methods, handler);
  return async (request, context) => {
    if (!(await hasSession(app(), 'admin', request))) {
      const response = problem(401, 'Sign in to the dashboard first');
      response.headers.set('www-authenticate', 'Cookie realm="admin"');
      return withSecurityHeaders(response, new URL(request.url).pathname);
    }
    return guarded(request, context);
  };
}

/** Where to go after signing in: only a dashboard path on this site, never elsewhere. */
export function safeNext(next: unknown): string {
  return sameOriginPath(next, '/admin/', isAdminPath);
}
