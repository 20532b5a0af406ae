import type { z } from 'zod';
import { negotiateLocale, isLocale, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';
import { isForm } from './body.ts';
import type { PlatformContext } from './client-address.ts';
import { isCrossSiteWrite } from './same-origin.ts';
import { app, ConfigError } from '../app.ts';
import { HttpError } from './errors.ts';
import { errorPage, setupPage } from './page.ts';
import { withSecurityHeaders } from './security-headers.ts';

/** A function's handler: Netlify passes its context (the client's address) second. */
export type Handler = (request: Request, context?: PlatformContext) => Promise<Response>;

/** `{ error, fields }` with a 4xx status: the one shape of every API error. */
export function problem(status: number, error: string, fields?: Record<string, string[]>): Response {
  return Response.json(fields ? { error, fields } : { error }, { status, headers: { 'cache-control': 'no-store' } });
}

/** 303 See Other: after a form post, the browser GETs the next page. */
export function seeOther(location: string, headers?: HeadersInit): Response {
  const response = new Response(null, { status: 303, headers });
  response.headers.set('location', location);
  return response;
}

/** A page a function rendered itself, never cached. @example htmlPage(400, errorPage('en', ['…'])) */
export function htmlPage(status: number, html: string): Response {
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

/** A zod error as `{ "answers.nps": ["Too big"] }`. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const name = issue.path.map(String).join('.') || '_';
    (fields[name] ??= []).push(issue.message);
  }
  return fields;
}

/** Parses with a zod schema or throws a 400 that names every bad field. */
export function parseOr400<T>(schema: z.ZodType<T>, data: unknown, message = 'Invalid request'): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new HttpError(400, message, fieldErrors(result.error));
  return result.data;
}

/** The visitor's language for a page answer: the page they came from, else their browser's. */
export function requestLocale(request: Request): Locale {
  const fromQuery = new URL(request.url).searchParams.get('lang');
  if (isLocale(fromQuery)) return fromQuery;
  const referer = request.headers.get('referer');
  const fromReferer = referer ? URL.parse(referer)?.pathname.split('/')[1] : undefined;
  if (isLocale(fromReferer)) return fromReferer;
  return negotiateLocale(request.headers.get('accept-language'));
}

/**
 * Wraps a function handler: method guard, cross-site writes refused with 403 (every function, so none can forget),
 * bad requests as `{ error, fields }` JSON or a page in the visitor's language for forms; anything else a logged 500.
 */
export function endpoint(methods: readonly string[], handler: Handler): Handler {
  const answer = handled(methods, handler);
  // Every answer, errors included, carries the security headers: Netlify's _headers never reach a function.
  return async (request, context) => withSecurityHeaders(await answer(request, context), new URL(request.url).pathname);
}

function handled(methods: readonly string[], handler: Handler): Handler {
  return async (request, context) => {
    try {
      if (!methods.includes(request.method)) {
        throw new HttpError(405, `Use ${methods.join(' or ')}`);
      }
      // SameSite cookies alone do not stop every cross-site post (old browsers, sibling subdomains).
      if (isCrossSiteWrite(request, [new URL(app().config.siteUrl).origin])) throw new HttpError(403, 'Cross-site request refused');
      return await handler(request, context);
    } catch (error) {
      if (error instanceof ConfigError) return notSetUp(request, error);
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error(error);
      const message = error instanceof HttpError ? error.message : 'Internal error';
      const fields = error instanceof HttpError ? error.fields : undefined;
      if (request.method === 'POST' && isForm(request)) {
        const locale = requestLocale(request);
        const messages = fields ? Object.entries(fields).map(([name, list]) => `${name}: ${list.join(', ')}`) : [statusMessage(locale, status)];
        return new Response(errorPage(locale, messages, sameOriginReferer(request)), { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
      }
      const response = problem(status, message, fields);
      if (status === 405) response.headers.set('allow', methods.join(', '));
      return response;
    }
  };
}

/** A scheduled function's run: a missing setting answers 503 naming it (and is logged), never a stack. */
export function scheduled(run: () => Promise<Response>): () => Promise<Response> {
  const answer = async () => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      console.error(error.message);
      return problem(503, error.message);
    }
  };
  // Netlify's scheduler reads no headers, but a scheduled function can be called at its address too.
  return async () => withSecurityHeaders(await answer(), '/');
}

/** 503 naming what the owner must set: JSON for API calls, the bilingual page for browsers. */
export function notSetUp(request: Request, error: ConfigError): Response {
  console.error(error.message);
  const headers = { 'cache-control': 'no-store', 'retry-after': '3600' };
  const wantsPage = (request.method === 'POST' && isForm(request)) || request.headers.get('accept')?.includes('text/html');
  if (wantsPage) return new Response(setupPage(requestLocale(request), error.variables), { status: 503, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
  const response = problem(503, error.message);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function sameOriginReferer(request: Request): string | undefined {
  const referer = URL.parse(request.headers.get('referer') ?? '');
  return referer && referer.origin === new URL(request.url).origin ? referer.pathname + referer.search : undefined;
}

function statusMessage(locale: Locale, status: number): string {
  if (status === 413) return t(locale, 'error.tooLarge');
  if (status === 405) return t(locale, 'error.method');
  if (status === 403) return t(locale, 'error.crossSite');
  if (status >= 500) return t(locale, 'error.server');
  return t(locale, 'error.malformed');
}
