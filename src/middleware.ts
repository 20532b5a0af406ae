import { defineMiddleware } from 'astro:middleware';
import { negotiateLocale } from './i18n/locales.ts';

// On Netlify, public/_redirects sends `/` to the visitor's language; `astro dev` does not read it, so do it here.
export const onRequest = defineMiddleware((context, next) => {
  if (import.meta.env.DEV && context.url.pathname === '/') {
    return context.redirect(`/${negotiateLocale(context.request.headers.get('accept-language'))}/`, 302);
  }
  return next();
});
