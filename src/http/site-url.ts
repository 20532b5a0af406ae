/**
 * The site's public address, for links in emails, QR codes and printed cards. Under `npm start` it follows the
 * port the dev server really got (Astro moves to 4322 when 4321 is taken; ./dev-server.ts publishes it).
 */

type Env = Record<string, string | undefined>;

/** Set by the running dev server (./dev-server.ts) when neither SITE_URL nor Netlify's URL is set. */
export const DEV_URL = 'VUELVE_DEV_URL';

/** Astro's usual dev address: what a script run with no dev server links to. */
export const DEFAULT_DEV_URL = 'http://localhost:4321';

/**
 * SITE_URL, else Netlify's URL, else (never in production) the running dev server's address, else
 * http://localhost:4321; without a trailing slash.
 * @example resolveSiteUrl({ VUELVE_DEV_URL: 'http://localhost:4322' }, false) → 'http://localhost:4322'
 */
export function resolveSiteUrl(env: Env, production: boolean): string {
  const url = env.SITE_URL || env.URL || (production ? undefined : env[DEV_URL]) || DEFAULT_DEV_URL;
  return url.replace(/\/+$/, '');
}

/** The address a dev server answers on, from Astro's `astro:server:start`, as Astro prints it ("Local http://localhost:4322/"). */
export function devServerUrl(address: { port: number }): string {
  return `http://localhost:${address.port}`;
}

/** The origin for absolute URLs on a page: the dev server's own address under `npm start`, else Astro's `site`. */
export function pageSite(site: URL | undefined, env: Env = process.env): URL {
  const dev = import.meta.env?.DEV ? env[DEV_URL] : undefined;
  return new URL(dev || site || DEFAULT_DEV_URL);
}

/**
 * Whether an address only reaches this computer or its local network (localhost, a private or link-local
 * IP, `.local`): codes printed with it can never open the live site.
 * @example isLocalAddress('http://localhost:4322') → true; isLocalAddress('https://brasa.coffee') → false
 */
export function isLocalAddress(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host === '0.0.0.0' || host === '::' || host === '::1' ||
    /^(127|10)\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host) || /^169\.254\./.test(host) || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe80:/.test(host)
  );
}
