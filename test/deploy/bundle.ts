import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveConfig } from '@netlify/config';
import { zipFunctions, type FunctionConfig, type Manifest } from '@netlify/zip-it-and-ship-it';

export type BundledFunction = Manifest['functions'][number];

export interface Bundle {
  /** The folder holding one folder per function, as Netlify uploads them. */
  dir: string;
  functions: BundledFunction[];
}

const root = resolve('.');
/** Where the adapter writes the on-demand pages' function (`astro build`). */
const generated = join(root, '.netlify/v1/functions');
const user = join(root, 'netlify/functions');

/**
 * netlify.toml's `[functions]` as Netlify's build hands it to the bundler
 * (@netlify/build's normalizeFunctionConfig): read with Netlify's own config reader.
 */
async function functionsConfig(): Promise<Record<string, FunctionConfig>> {
  const { config } = (await resolveConfig({ cwd: root, repositoryRoot: root, offline: true, context: 'production', mode: 'buildbot' })) as {
    config: { functions?: Record<string, Record<string, unknown>> };
  };
  return Object.fromEntries(
    Object.entries(config.functions ?? {}).map(([pattern, c]) => [
      pattern,
      {
        externalNodeModules: c.external_node_modules as string[] | undefined,
        includedFiles: c.included_files as string[] | undefined,
        includedFilesBasePath: root,
        ignoredNodeModules: c.ignored_node_modules as string[] | undefined,
        nodeBundler: c.node_bundler === 'esbuild' ? 'esbuild_zisi' : (c.node_bundler as FunctionConfig['nodeBundler']),
        schedule: c.schedule as string | undefined,
      } satisfies FunctionConfig,
    ]),
  );
}

/** The newest modification time under the bundle's inputs: when it changes, bundle again. */
function inputsStamp(): string {
  let newest = 0;
  let count = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else {
      count++;
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const path of [generated, user, join(root, 'src'), join(root, 'netlify.toml'), join(root, 'package-lock.json')]) visit(path);
  return `${count} files, newest ${newest}`;
}

/**
 * Bundles the built site's functions the way Netlify's build does: the adapter's
 * on-demand pages function and netlify/functions/, by @netlify/zip-it-and-ship-it,
 * with netlify.toml applied, unzipped, plus its manifest. Reused while nothing changed.
 */
export async function bundleSite(dir = join(root, '.netlify/deploy-test')): Promise<Bundle> {
  // `astro dev` empties this folder when it starts (the adapter cleans its output), hence the separate run in npm test.
  if (!existsSync(join(generated, 'ssr')) || readdirSync(join(generated, 'ssr')).length === 0) {
    throw new Error('No built on-demand pages in .netlify/v1/functions/ssr: run `astro build` first, and no `astro dev` after it (npm run test:deploy does)');
  }
  const manifest = join(dir, 'manifest.json');
  const stampFile = join(dir, 'inputs.txt');
  const stamp = inputsStamp();
  if (!existsSync(manifest) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    rmSync(dir, { recursive: true, force: true });
    await zipFunctions({ generated: { directories: [generated] }, user: { directories: [user] } }, dir, {
      basePath: root,
      repositoryRoot: root,
      archiveFormat: 'none',
      config: await functionsConfig(),
      manifest,
    });
    writeFileSync(stampFile, stamp);
  }
  return { dir, functions: (JSON.parse(readFileSync(manifest, 'utf8')) as Manifest).functions };
}

/** A function's module as Netlify's runtime loads it (the path its generated entry point names). */
export function entryModule(fn: BundledFunction): string {
  const entry = readFileSync(join(fn.path, '___netlify-entry-point.mjs'), 'utf8');
  const match = /getLambdaHandler\('([^']+)'\)/.exec(entry);
  if (!match) throw new Error(`${fn.name}: cannot find the module in ___netlify-entry-point.mjs`);
  return join(fn.path, match[1]!);
}

/** Total size in bytes of the files under `path`. */
export function sizeOf(path: string): number {
  const stat = statSync(path);
  return stat.isDirectory() ? readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0) : stat.size;
}

export interface PageRoute {
  /** e.g. `/[lang]/survey/[id]/thanks` */
  route: string;
  params: string[];
  type: string;
}

/**
 * The on-demand pages (and endpoints) that the bundled pages function serves, read from
 * the route manifest Astro compiled into it: its routes that are not prerendered.
 */
export function onDemandRoutes(fn: BundledFunction): PageRoute[] {
  const folder = join(fn.path, '.netlify/build');
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.mjs'));
  for (const file of files) {
    const line = readFileSync(join(folder, file), 'utf8').split('\n').find((text) => text.includes('= deserializeManifest({'));
    if (!line) continue;
    const json = line.slice(line.indexOf('deserializeManifest(') + 'deserializeManifest('.length, line.lastIndexOf(')'));
    const manifest = JSON.parse(json) as { routes: { routeData: PageRoute & { prerender: boolean; origin: string } }[] };
    return manifest.routes
      .map(({ routeData }) => routeData)
      .filter((route) => !route.prerender && route.origin === 'project')
      .map(({ route, params, type }) => ({ route, params, type }));
  }
  throw new Error(`${fn.name}: no Astro route manifest found under ${folder}`);
}
