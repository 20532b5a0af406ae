import type { APIContext, MiddlewareNext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { guardAdminPage, isAdminPath } from './sessions/access.ts';
import { ConfigError } from './app.ts';
import { notSetUp } from './http/respond.ts';
import { withSecurityHeaders } from './http/security-headers.ts';
import { negotiateLocale } from './i18n/locales.ts';

export const onRequest = defineMiddleware(async (context, next) => withSecurityHeaders(await answer(context, next), context.url.pathname));

/** The page's answer; every one gets the security headers (Netlify's _headers never reach on-demand pages). */
async function answer(context: APIContext, next: MiddlewareNext): Promise<Response> {
  // On Netlify, dist/_redirects sends `/` to the visitor's language (src/i18n/language-redirects.ts); under `astro dev` this does.
  if (import.meta.env.DEV && context.url.pathname === '/') {
    return context.redirect(`/${negotiateLocale(context.request.headers.get('accept-language'))}/`, 302);
  }
  try {
    // Every dashboard page (all on demand) needs the owner's session.
    if (isAdminPath(context.url.pathname)) return await guardAdminPage(context.request, (rewrite) => (rewrite ? next(rewrite) : next()));
    return await next();
  } catch (error) {
    // A missing secret on Netlify: say what to set, never a stack or a bare 500.
    if (error instanceof ConfigError) return notSetUp(context.request, error);
    throw error;
  }
}
