// @ts-check
import netlify from '@astrojs/netlify';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';

// Absolute URLs (hreflang, sitemap, QR codes) need the public address: SITE_URL, or Netlify's URL at build.
const site = process.env.SITE_URL ?? process.env.URL ?? 'http://localhost:4321';

export default defineConfig({
  site,
  output: 'static',
  adapter: netlify(),
  integrations: [preact()],
  i18n: {
    locales: ['en', 'es'],
    defaultLocale: 'en',
    // Manual: every public page lives under /{lang}/ by its folder, and src/middleware.ts
    // handles `/`. Astro's own routing would answer 404 to on-demand pages without a
    // language prefix (/admin/, /c/{code}).
    routing: 'manual',
  },
  server: { port: 4321 },
  // Screenshots and browser tests should see the page as a visitor does.
  devToolbar: { enabled: false },
});
