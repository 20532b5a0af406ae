import { appendFile, readFile, writeFile } from 'node:fs/promises';
import type { AstroIntegration } from 'astro';
import { defaultLocale, locales } from './locales.ts';

/**
 * Netlify's rules sending `/` to the visitor's language (`/  /es/  302!  Language=es`, …), at build only: under
 * `astro dev` the emulated _redirects would send everyone to /en/, so src/middleware.ts negotiates there.
 */
export function languageRules(): string {
  const others = locales.filter((locale) => locale !== defaultLocale);
  return [...others.map((locale) => `/  /${locale}/  302!  Language=${locale}`), `/  /${defaultLocale}/  302!`].join('\n');
}

export default function languageRedirects(): AstroIntegration {
  return {
    name: 'vuelve:language-redirects',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        const file = new URL('_redirects', dir);
        const existing = await readFile(file, 'utf8').catch(() => '');
        // First match wins: the language rules go before any other rule.
        await writeFile(file, `# Send a visitor from / to their language (Netlify reads the browser's Accept-Language).\n${languageRules()}\n`);
        if (existing) await appendFile(file, `\n${existing}`);
      },
    },
  };
}
