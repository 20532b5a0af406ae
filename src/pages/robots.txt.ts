import type { APIRoute } from 'astro';

/** Private areas that crawlers should not visit (they are also left out of the sitemap and marked noindex). */
const disallowed = ['/admin/', '/staff/', '/api/', '/c/', '/s/'];

/** Lets crawlers find the sitemap (with hreflang) at the site's public address, and keeps them out of private areas. */
export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\n${disallowed.map((path) => `Disallow: ${path}\n`).join('')}Allow: /\n\nSitemap: ${new URL('/sitemap-index.xml', site).href}\n`, {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
