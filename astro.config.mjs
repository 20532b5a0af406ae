// @ts-check
import netlify from '@astrojs/netlify';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { defineConfig, logHandlers } from 'astro/config';
import content from './src/catalog/integration.ts';
import contentEditor from './src/cms/integration.ts';
import localDatabase from './src/db/integration.ts';
import devGuard from './src/http/dev-guard.ts';
import devServer from './src/http/dev-server.ts';
import securityHeaders from './src/http/headers-integration.ts';
import languageRedirects from './src/i18n/language-redirects.ts';
import search from './src/search/integration.ts';

// Absolute URLs (hreflang, sitemap, QR codes) need the public address: SITE_URL, or Netlify's URL at build.
// Under `npm start` without either, pages and functions use the port the dev server really got (src/http/dev-server.ts).
const site = process.env.SITE_URL || process.env.URL || 'http://localhost:4321';

// The sitemap lists public pages only. Out: the owner's and staff pages, short links and card pages (they
// only redirect or belong to one person), print sheets, search results, the card sign-up, thanks and
// newsletter status pages.
const unlisted = [
  /^\/$/, /^\/admin\//, /^\/staff\//, /^\/s\//, /^\/c\//, /\/card\/new\/$/,
  /\/print\//, /\/leaflet\/$/, /\/search\/$/, /\/thanks\//, /\/newsletter\/(check-your-inbox|welcome|unsubscribed)\/$/,
];

export default defineConfig({
  site,
  output: 'static',
  adapter: netlify({
    // Images are resized at build into dist/_astro/, so the built site works offline and links check.
    imageCDN: false,
    // …and no on-demand page resizes one, so the image library (19 MB) stays out of their function.
    excludeFiles: ['./node_modules/sharp/**', './node_modules/@img/**'],
    // The site has no edge function: without this, `npm start` with no network stalls a minute or two
    // setting up Netlify's edge runtime (it downloads Deno) before it answers.
    devFeatures: { images: true, environmentVariables: false, edgeFunctions: false },
  }),
  integrations: [
    // First: compiles content/ for functions, on-demand pages and scripts before any page loads.
    content(),
    localDatabase(),
    // `npm start` serves the site only (not the project folder around it, nor a scheduled function) and takes
    // the client's address from the connection.
    devGuard(),
    devServer(),
    preact(),
    sitemap({
      // Same hreflang values as the pages' <link rel="alternate"> (src/layouts/Base.astro).
      i18n: { defaultLocale: 'en', locales: { en: 'en', es: 'es' } },
      filter: (page) => !unlisted.some((pattern) => pattern.test(new URL(page).pathname)),
    }),
    search(),
    contentEditor(),
    languageRedirects(),
    securityHeaders(),
  ],
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
  // The usual console output, plus a record of the build's warnings that test/build/site.test.ts requires to be empty.
  logger: logHandlers.compose(logHandlers.node(), { entrypoint: './src/build/warning-log.mjs' }),
});
