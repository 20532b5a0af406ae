import { createHash } from 'node:crypto';
import islandScript from 'astro/runtime/server/astro-island.prebuilt.js';
import islandScriptDev from 'astro/runtime/server/astro-island.prebuilt-dev.js';
import idleDirective from 'astro/runtime/client/idle.prebuilt.js';
import loadDirective from 'astro/runtime/client/load.prebuilt.js';
import mediaDirective from 'astro/runtime/client/media.prebuilt.js';
import onlyDirective from 'astro/runtime/client/only.prebuilt.js';
import visibleDirective from 'astro/runtime/client/visible.prebuilt.js';

/*
 * The security headers of every answer: dist/_headers, src/middleware.ts and endpoint() (Netlify applies
 * _headers only to files it serves itself). Not Astro's `security.csp`: it is off under `astro dev` and puts
 * the policy in a <meta>, which cannot carry frame-ancestors. The only inline scripts are Astro's island
 * runtime and hydration directives, allowed by the hash of their exact text.
 */

/** `'sha256-…'`: a CSP source allowing one inline script with exactly this text. */
export function scriptHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

/** Set before Decap's script runs so that it waits for src/cms/client/main.ts (src/pages/admin/content/). */
export const cmsBootScript = 'window.CMS_MANUAL_INIT = true;';

const astroInlineScripts = [islandScript, islandScriptDev, idleDirective, loadDirective, mediaDirective, onlyDirective, visibleDirective];

type Policy = Record<string, string[]>;

const sitePolicy: Policy = {
  'default-src': ["'self'"],
  // Pagefind's search (/pagefind/) compiles its WebAssembly index reader: 'wasm-unsafe-eval' allows only that, not eval.
  'script-src': ["'self'", "'wasm-unsafe-eval'", ...astroInlineScripts.map(scriptHash)],
  // Inline styles stay allowed (the shop's colours, Astro's small inlined stylesheets): a style cannot run code.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  // No other site may frame any page (clickjacking of the owner's and staff's buttons).
  'frame-ancestors': ["'none'"],
};

/**
 * The content editor (Decap CMS): its config check compiles functions (ajv: 'unsafe-eval'), its styles are
 * injected at run time, it shows GitHub avatars and files and talks to GitHub's API after the Netlify sign-in popup.
 */
const editorPolicy: Policy = {
  ...sitePolicy,
  'script-src': [...sitePolicy['script-src']!, "'unsafe-eval'", scriptHash(cmsBootScript)],
  'img-src': ["'self'", 'data:', 'blob:', 'https://avatars.githubusercontent.com', 'https://raw.githubusercontent.com'],
  'connect-src': ["'self'", 'https://api.github.com'],
};

export const editorPath = '/admin/content/';

function policyFor(pathname: string): Policy {
  return pathname.startsWith(editorPath) ? editorPolicy : sitePolicy;
}

/** The Content-Security-Policy value for a path. */
export function contentSecurityPolicy(pathname: string): string {
  return Object.entries(policyFor(pathname)).map(([directive, sources]) => `${directive} ${sources.join(' ')}`).join('; ');
}

/** Every security header for an answer at `pathname`. */
export function securityHeaders(pathname: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(pathname),
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Content-Type-Options': 'nosniff',
    // Nothing on the site uses these; an injected frame or script cannot either.
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()',
    // A year; no includeSubDomains: a shop's other subdomains may not serve HTTPS.
    'Strict-Transport-Security': 'max-age=31536000',
    // frame-ancestors 'none' (above) for browsers too old to read it.
    'X-Frame-Options': 'DENY',
  };
}

/** `response` with the security headers for `pathname` (a copy when its headers are immutable, as `Response.redirect()`'s are). */
export function withSecurityHeaders(response: Response, pathname: string): Response {
  const headers = Object.entries(securityHeaders(pathname));
  try {
    for (const [name, value] of headers) response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const [name, value] of headers) copy.headers.set(name, value);
    return copy;
  }
}

/** dist/_headers: every static file gets the site's headers (the editor is on demand, so not among them). */
export function headersFile(): string {
  const lines = Object.entries(securityHeaders('/')).map(([name, value]) => `  ${name}: ${value}`);
  return `# Security headers for every file Netlify serves itself (src/http/security-headers.ts).\n/*\n${lines.join('\n')}\n`;
}
