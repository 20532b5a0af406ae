import { writeFile } from 'node:fs/promises';
import type { AstroIntegration } from 'astro';
import { headersFile, securityHeaders } from './security-headers.ts';

/**
 * The security headers beyond what code answers (src/middleware.ts, endpoint()): dist/_headers for the
 * files Netlify serves itself, and the same on the dev server's own files under `npm start`.
 */
export default function securityHeadersFile(): AstroIntegration {
  return {
    name: 'vuelve:security-headers',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            server: { headers: securityHeaders('/') },
            // A small bundled script would be inlined into the page, where the CSP (no 'unsafe-inline') blocks it.
            build: { assetsInlineLimit: (file: string) => (file.endsWith('.js') ? false : undefined) },
          },
        });
      },
      'astro:build:done': async ({ dir }) => {
        await writeFile(new URL('_headers', dir), headersFile());
      },
    },
  };
}
