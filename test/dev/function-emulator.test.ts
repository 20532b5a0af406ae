import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionsHandler } from '@netlify/functions-dev';
import { describe, expect, test } from 'vitest';

/**
 * `npm start` runs functions through Netlify's emulator, patched (patches/@netlify+functions-dev…):
 * upstream it bundled every function when the server started and again on every call (seconds of
 * CPU each, so the first answer took a minute and concurrent posts timed out). Patched, a function is
 * bundled on its first call and again only when its files change.
 */
async function emulator() {
  const root = await mkdtemp(join(tmpdir(), 'vuelve-emulator-'));
  await mkdir(join(root, 'netlify/functions'), { recursive: true });
  await writeFile(join(root, 'netlify/functions/hello.mts'), 'export default async () => new Response("hello");\nexport const config = { path: "/api/hello" };\n');
  const handler = new FunctionsHandler({
    config: { get: () => ({ functions: {} }) },
    destPath: join(root, '.netlify/functions-serve'),
    geolocation: {},
    fileWatcher: { subscribe: () => ({ add() {}, unwatch() {}, unsubscribe() {} }) },
    projectRoot: root,
    settings: {},
    siteId: 'test',
    userFunctionsPath: join(root, 'netlify/functions'),
  } as unknown as ConstructorParameters<typeof FunctionsHandler>[0]);
  // Every bundling goes through one of these two caches (keyed `zisi-…`): count the entries made.
  let bundlings = 0;
  const counting = () => new Proxy({} as Record<string, unknown>, {
    set: (target, key, value) => {
      if (String(key).startsWith('zisi-') && value !== undefined) bundlings++;
      target[key as string] = value;
      return true;
    },
  });
  const internal = handler as unknown as { buildCache: object; registry: { buildCache: object }; scan: Promise<void> };
  internal.buildCache = counting();
  internal.registry.buildCache = counting();
  await internal.scan;
  const call = async () => {
    const request = new Request('http://localhost/api/hello');
    const match = await handler.match(request);
    return (await match!.handle(request)).text();
  };
  return { call, bundlings: () => bundlings };
}

describe('the function emulator under npm start', () => {
  test('bundles a function on its first call, then reuses that bundle', { timeout: 60_000 }, async () => {
    const { call, bundlings } = await emulator();
    expect(bundlings()).toBe(0);
    expect(await call()).toBe('hello');
    expect(await call()).toBe('hello');
    expect(await call()).toBe('hello');
    expect(bundlings()).toBe(1);
  });
});
