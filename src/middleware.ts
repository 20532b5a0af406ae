import { defineMiddleware } from 'astro:middleware';
import { guardAdminPage, isAdminPath } from './admin/access.ts';
import { negotiateLocale } from './i18n/locales.ts';

export const onRequest = defineMiddleware((context, next) => {
  // On Netlify, public/_redirects sends `/` to the visitor's language; `astro dev` does not read it, so do it here.
  if (import.meta.env.DEV && context.url.pathname === '/') {
    return context.redirect(`/${negotiateLocale(context.request.headers.get('accept-language'))}/`, 302);
  }
  // Every dashboard page (all on demand) needs the owner's session.
  if (isAdminPath(context.url.pathname)) return guardAdminPage(context.request, (rewrite) => (rewrite ? next(rewrite) : next()));
  return next();
});
