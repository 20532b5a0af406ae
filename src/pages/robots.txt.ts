import type { APIRoute } from 'astro';

/** Lets crawlers find the sitemap (with hreflang) at the site's public address. */
export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${new URL('/sitemap-index.xml', site).href}\n`, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
