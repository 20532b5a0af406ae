import { existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { AstroIntegration } from 'astro';
import type { ViteDevServer } from 'vite';
import { clientAddressPlugin } from './dev-client-address.ts';
import { malformedEncoding, tryDecode } from './path-params.ts';
import { securityHeaders } from './security-headers.ts';

/*
 * `npm start` (Vite) serves any project file by its path to anyone (/package.json, /src/app.ts?raw,
 * /.netlify/state.json, the data folder), and Netlify's emulator runs scheduled functions at
 * /.netlify/functions/NAME; production serves only dist/ and the routes. This first middleware keeps dev to
 * the same: a path naming a project file is served only if it is a module the pages load in the browser
 * (never server code, configuration, data, or a ?raw/?url/?inline export); a scheduled function answers 404;
 * malformed percent-encoding answers 400 instead of a 500 with absolute paths. Not `server.fs.deny`: it takes
 * file patterns, not "what the browser imports", and replaces Vite's own list (.env, keys, .git).
 */

/** The emulator's own test for a function's default address (@netlify/functions-dev; the dot is unescaped there too). */
const functionAddress = /^\/.netlify\/(?:functions|builders)\/([^/]+)/;

/** Entries the pages name in their HTML: islands (`component-url`), Astro's renderers (`renderer-url`), Vite's optimised dependencies. */
const entryPaths = [/^\/src\/components\/islands\//, /^\/node_modules\/@astrojs\/[^/]+\/dist\/client[\w.-]*\.js$/, /^\/node_modules\/\.vite\//];
/** Stylesheets (linked by pages and the editor's previews, also as `?url`) and pictures: public in any form. */
const publicSources = /^\/src\/(?:styles|assets)\//;
/** Vite's exports of a file's text or address rather than its module. */
const exportQuery = /[?&](?:raw|url|inline)\b/;

/** The project-relative path (`/src/app.ts`) of an absolute file path, or undefined outside the project. */
function inProject(root: string, file: string): string | undefined {
  const rest = relative(root, file);
  return rest === '..' || rest.startsWith(`..${sep}`) || isAbsolute(rest) ? undefined : `/${rest.split(sep).join('/')}`;
}

/** The project-relative path a decoded request path reads (itself, or what an /@fs/ or /@id/ path names), or undefined. */
function projectPath(root: string, path: string): string | undefined {
  if (path.startsWith('/@vite/')) return undefined;
  if (path.startsWith('/@fs/')) return inProject(root, path.slice('/@fs'.length));
  if (!path.startsWith('/@id/')) return path;
  const id = path.slice('/@id/'.length);
  // A virtual module (astro:scripts/…, a \0-prefixed id) lives in memory.
  if (id.startsWith('__x00__') || /^[\w-]+:/.test(id)) return undefined;
  return id.startsWith('/') ? inProject(root, id) : `/${id}`;
}

/** Whether a project path names a file or folder of the project: not one of public/, and its first segment an entry of the project folder (or one Vite finds by adding an extension: `/package`). */
function namesProjectFile(root: string, publicDir: string, path: string): boolean {
  const first = path.split('/')[1]?.toLowerCase() ?? '';
  if (first === '') return false;
  const inPublic = join(publicDir, path);
  if (existsSync(inPublic) && statSync(inPublic).isFile()) return false;
  // Lower case: on a case-insensitive disk /Package.json is package.json.
  return readdirSync(root).some((entry) => entry.toLowerCase() === first || entry.toLowerCase().startsWith(`${first}.`));
}

export interface GuardContext {
  root: string;
  publicDir: string;
  /** Names of the scheduled functions. */
  scheduled(): Promise<Set<string>>;
  /** Whether the browser's module graph has this module (a decoded URL as the browser asks for it) imported by another. */
  imported(url: string): Promise<boolean>;
}

export interface Refusal {
  status: number;
  error: string;
  fields?: Record<string, string[]>;
}

const notServed = (error: string): Refusal => ({ status: 404, error });

/**
 * What the guard answers a request URL: undefined to let it through, else the refusal.
 * @example await verdict('/src/app.ts?raw', context) // { status: 404, error: 'A file of the project, not a module the pages load' }
 */
export async function verdict(url: string, context: GuardContext): Promise<Refusal | undefined> {
  const parsed = URL.parse(url, 'http://dev.invalid');
  const path = parsed ? tryDecode(parsed.pathname) : undefined;
  if (!parsed || path === undefined) {
    const { status, message, fields } = malformedEncoding('path');
    return { status, error: message, ...(fields && { fields }) };
  }
  // An encoded separator or dot segment (`..%2F`) is never a page's or a module's address.
  if (/(^|\/)\.\.?(\/|$)/.test(path)) return notServed('Not an address of this site');
  const called = functionAddress.exec(parsed.pathname) ?? functionAddress.exec(path);
  if (called && (await context.scheduled()).has(tryDecode(called[1]!) ?? called[1]!)) return notServed('A scheduled function: the scheduler runs it, or `npm run scheduled -- NAME`');
  // The emulator's addresses, unless a file is there (`netlify build` leaves bundles in .netlify/functions/).
  if ((functionAddress.test(parsed.pathname) || path === '/.netlify/images') && !existsSync(join(context.root, path))) return undefined;
  const file = projectPath(context.root, path);
  if (file === undefined || !namesProjectFile(context.root, context.publicDir, file)) return undefined;
  const query = tryDecode(parsed.search);
  if (query === undefined) return notServed('Not an address of this site');
  if (publicSources.test(file)) return undefined;
  const componentPart = file.endsWith('.astro') && parsed.searchParams.has('astro') && /^(?:script|style)$/.test(parsed.searchParams.get('type') ?? '');
  if ((componentPart || entryPaths.some((entry) => entry.test(file))) && !exportQuery.test(query)) return undefined;
  if (await context.imported(path + query)) return undefined;
  return notServed('A file of the project, not a module the pages load');
}

/**
 * The scheduled functions in `folder`, by name, read as Netlify's bundler reads them (`config.schedule` in each):
 * what the guard refuses, and what `npm run scheduled` runs.
 */
export async function scheduledFunctions(folder: string): Promise<{ name: string; mainFile: string }[]> {
  const { listFunctions } = await import('@netlify/zip-it-and-ship-it');
  return (await listFunctions(folder, { parseISC: true })).filter((fn) => fn.schedule).sort((a, b) => a.name.localeCompare(b.name));
}

/** The guard as a Connect middleware on Vite's dev server. */
export function guardMiddleware(server: ViteDevServer) {
  const { root, publicDir } = server.config;
  const context: GuardContext = {
    root,
    publicDir,
    // On each call, so a new one counts at once.
    scheduled: async () => new Set((await scheduledFunctions(join(root, 'netlify/functions'))).map((fn) => fn.name)),
    imported: async (url) => {
      const module = await server.environments.client.moduleGraph.getModuleByUrl(url).catch(() => undefined);
      return (module?.importers.size ?? 0) > 0;
    },
  };
  return (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void => {
    verdict(request.url ?? '/', context).then((refusal) => {
      if (!refusal) return next();
      // Named in the console: a module the pages need that is refused shows up here.
      server.config.logger.warn(`refused ${request.method} ${request.url}: ${refusal.error}`, { timestamp: true });
      const { status, ...body } = refusal;
      response.writeHead(status, { ...securityHeaders('/'), 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    }, next);
  };
}

/** What `npm start` adds to the dev server: this guard first, the client's address from the connection, Vite's CORS off (any other localhost origin got CORS answers). */
export default function devGuard(): AstroIntegration {
  return {
    name: 'vuelve:dev-guard',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        if (command !== 'dev') return;
        updateConfig({
          vite: {
            server: { cors: false },
            plugins: [
              clientAddressPlugin,
              {
                name: 'vuelve:dev-guard',
                // First of all middlewares: Astro puts its own in front of Vite's and Netlify's from its late hook (one of
                // them decodes the path and throws on a malformed one); this, a `post` plugin's late hook, runs after it.
                enforce: 'post',
                configureServer: (server) => () => void server.middlewares.stack.unshift({ route: '', handle: guardMiddleware(server) }),
              },
            ],
          },
        });
      },
    },
  };
}
