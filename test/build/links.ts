import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * Addresses the static build cannot contain: on-demand pages and functions, served by
 * Netlify's SSR function and functions at request time (loyalty cards /c/…, admin,
 * staff, the /api/ functions). A link to them is checked by their own tests.
 */
export const onDemandPrefixes = ['/api/', '/c/', '/admin/', '/staff/'];

export interface BrokenLink {
  /** The HTML file, relative to the site folder. */
  file: string;
  attribute: string;
  target: string;
}

const attributes = /\s(href|src|srcset|action|poster)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

function htmlFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html')).sort();
}

/** The same-site path a link points to, or null for other sites, mailto:, tel:, data: and in-page anchors. */
export function internalPath(link: string, pageUrl: URL, siteOrigins: string[]): string | null {
  const trimmed = link.trim();
  if (trimmed === '' || trimmed.startsWith('#') || /^(mailto|tel|data|javascript|blob):/i.test(trimmed)) return null;
  const url = new URL(trimmed, pageUrl);
  if (url.origin !== pageUrl.origin && !siteOrigins.includes(url.origin)) return null;
  return decodeURIComponent(url.pathname);
}

/** Whether a path is served by a file of the built site: `/x/` by `x/index.html`, `/x` by `x`, `x.html` or `x/index.html`. */
export function resolves(root: string, path: string): boolean {
  const local = join(root, path);
  if (path.endsWith('/')) return existsSync(join(local, 'index.html'));
  return (existsSync(local) && statSync(local).isFile()) || existsSync(`${local}.html`) || existsSync(join(local, 'index.html'));
}

/**
 * Every href, src, srcset, action and poster in every HTML file under `root` that points
 * inside the site and matches no file. `siteOrigins` are absolute origins that mean "this
 * site" (canonical and hreflang links); `allowed` are path prefixes served at request time.
 */
export function findBrokenLinks(root: string, options: { siteOrigins: string[]; allowed: string[] }): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of htmlFiles(root)) {
    const pagePath = `/${file.split('\\').join('/')}`.replace(/index\.html$/, '');
    const pageUrl = new URL(posix.normalize(pagePath), 'http://site.invalid');
    const html = readFileSync(join(root, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    for (const match of html.matchAll(attributes)) {
      const attribute = match[1]!.toLowerCase();
      const value = (match[2] ?? match[3] ?? '').replaceAll('&amp;', '&');
      const targets = attribute === 'srcset' ? value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '') : [value];
      for (const target of targets) {
        const path = internalPath(target, pageUrl, options.siteOrigins);
        if (path === null || options.allowed.some((prefix) => path.startsWith(prefix))) continue;
        if (!resolves(root, path)) broken.push({ file, attribute, target });
      }
    }
  }
  return broken;
}
