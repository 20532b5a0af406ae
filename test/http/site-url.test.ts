import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { AstroIntegrationLogger } from 'astro';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createApp, WARNED_AT_START } from '../../src/app.ts';
import devServer, { devServerFile, followDevServer, runningDevServerUrl } from '../../src/http/dev-server.ts';
import { DEV_URL, devServerUrl, isLocalAddress, resolveSiteUrl } from '../../src/http/site-url.ts';
import { printWarningHtml } from '../../src/print/warnings.ts';
import { tempDir } from '../support/temp.ts';

describe('the site address (SITE_URL, else Netlify\'s URL, else the dev server\'s)', () => {
  test.each([
    ['SITE_URL wins, without its trailing slash', { SITE_URL: 'https://brasa.coffee/', URL: 'https://brasa.netlify.app', [DEV_URL]: 'http://localhost:4322' }, false, 'https://brasa.coffee'],
    ['then Netlify\'s URL', { URL: 'https://brasa.netlify.app', [DEV_URL]: 'http://localhost:4322' }, false, 'https://brasa.netlify.app'],
    ['then the port the dev server really got', { [DEV_URL]: 'http://localhost:4322' }, false, 'http://localhost:4322'],
    ['never the dev server\'s on Netlify', { [DEV_URL]: 'http://localhost:4322' }, true, 'http://localhost:4321'],
    ['an empty SITE_URL counts as unset', { SITE_URL: '', [DEV_URL]: 'http://localhost:4323' }, false, 'http://localhost:4323'],
    ['with nothing running, Astro\'s usual port', {}, false, 'http://localhost:4321'],
  ])('%s', (_, env, production, expected) => {
    expect(resolveSiteUrl(env, production)).toBe(expected);
  });

  test('createApp() reads it the same way: links, QR codes and card pages use it', () => {
    expect(createApp({ [DEV_URL]: 'http://localhost:4322' }).config.siteUrl).toBe('http://localhost:4322');
    expect(createApp({ [DEV_URL]: 'http://localhost:4322', SITE_URL: 'https://brasa.coffee' }).config.siteUrl).toBe('https://brasa.coffee');
  });

  test('the dev server\'s address is localhost and the port it listens on', () => {
    expect(devServerUrl({ port: 4322 })).toBe('http://localhost:4322');
  });

  test.each([
    ['http://localhost:4321', true], ['http://127.0.0.1:4400', true], ['http://[::1]:4321', true], ['http://192.168.1.20:4321', true],
    ['http://10.0.0.5', true], ['http://172.20.1.1', true], ['http://shop.local', true], ['https://brasa.coffee', false],
    ['https://deploy-preview-3--brasa.netlify.app', false], ['http://172.32.0.1', false],
  ])('isLocalAddress(%s) → %s', (url, local) => {
    expect(isLocalAddress(url)).toBe(local);
  });
});

describe('npm start publishes its address and warns once (src/http/dev-server.ts)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of [DEV_URL, WARNED_AT_START, 'SITE_URL', 'URL', 'CARD_SECRET', 'SESSION_SECRET', 'ADMIN_PASSWORD', 'STAFF_PIN']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    vi.restoreAllMocks();
  });

  const logger = () => {
    const lines: { level: string; message: string }[] = [];
    const log = (level: string) => (message: string) => void lines.push({ level, message });
    return { lines, logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') } as unknown as AstroIntegrationLogger };
  };

  async function start(root: string, port: number) {
    const integration = devServer();
    const hooks = integration.hooks as Record<string, (options: unknown) => void>;
    const { lines, logger: log } = logger();
    hooks['astro:config:done']!({ config: { root: pathToFileURL(`${root}/`) }, logger: log });
    hooks['astro:server:start']!({ address: { address: '::1', family: 'IPv6', port }, logger: log });
    return { lines, done: () => hooks['astro:server:done']!({ logger: log }) };
  }

  test('on 4322 (4321 was taken): pages, function workers and npm scripts link to 4322; the file goes when it stops', async () => {
    delete process.env.SITE_URL;
    delete process.env.URL;
    const root = await tempDir();
    const server = await start(root, 4322);
    expect(process.env[DEV_URL]).toBe('http://localhost:4322');
    // A function worker copies the environment it starts with.
    expect(createApp({ ...process.env }).config.siteUrl).toBe('http://localhost:4322');
    expect(server.lines).toContainEqual({ level: 'info', message: expect.stringContaining('use http://localhost:4322: set SITE_URL') });
    // An npm script run beside it (its own process, its own environment) reads the file.
    expect(runningDevServerUrl(root)).toBe('http://localhost:4322');
    const scriptEnv: Record<string, string | undefined> = {};
    followDevServer(scriptEnv, root);
    expect(createApp(scriptEnv).config.siteUrl).toBe('http://localhost:4322');
    server.done();
    expect(existsSync(join(root, devServerFile))).toBe(false);
    expect(process.env[DEV_URL]).toBeUndefined();
    expect(runningDevServerUrl(root)).toBeUndefined();
  });

  test('with SITE_URL set, the file names it and the environment is left alone', async () => {
    process.env.SITE_URL = 'https://brasa.coffee';
    const root = await tempDir();
    const server = await start(root, 4323);
    expect(process.env[DEV_URL]).toBeUndefined();
    expect(runningDevServerUrl(root)).toBe('https://brasa.coffee');
    server.done();
  });

  test('a file left by a server that was killed is ignored', async () => {
    const root = await tempDir();
    await mkdir(join(root, '.netlify'), { recursive: true });
    await writeFile(join(root, devServerFile), JSON.stringify({ url: 'http://localhost:4399', pid: 2 ** 22 + 17 }));
    expect(runningDevServerUrl(root)).toBeUndefined();
  });

  test('the demo-secret warnings are printed once at start, and never by the workers', async () => {
    for (const name of ['CARD_SECRET', 'SESSION_SECRET', 'ADMIN_PASSWORD']) delete process.env[name];
    process.env.STAFF_PIN = '1234';
    const server = await start(await tempDir(), 4324);
    const warnings = server.lines.filter((line) => line.level === 'warn').map((line) => line.message);
    expect(warnings).toEqual([
      expect.stringMatching(/^CARD_SECRET is not set: using the demo value/),
      expect.stringMatching(/^SESSION_SECRET is not set/),
      expect.stringMatching(/^ADMIN_PASSWORD is not set/),
      expect.stringMatching(/^STAFF_PIN must be at least 6 digits.*Allowed here, refused on Netlify\.$/),
    ]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Ten requests, ten fresh workers: not one more warning.
    for (let request = 0; request < 10; request++) {
      const worker = createApp({ ...process.env });
      worker.secret('CARD_SECRET');
      worker.secret('STAFF_PIN');
    }
    expect(warn).not.toHaveBeenCalled();
    // Outside a dev server (a script, a test) an app still warns, once.
    const script = createApp({ STAFF_PIN: '1234' });
    script.secret('CARD_SECRET');
    script.secret('CARD_SECRET');
    expect(warn).toHaveBeenCalledTimes(1);
    server.done();
  });
});

describe('npm run demo beside a dev server on another port', { timeout: 60_000 }, () => {
  test('prints the card\'s address on the port the server really got', async () => {
    const root = await tempDir();
    await mkdir(join(root, '.netlify'));
    // This test's own process stands in for the running server.
    await writeFile(join(root, devServerFile), JSON.stringify({ url: 'http://localhost:4322', pid: process.pid }));
    const env = { ...process.env, DATA_DIR: await tempDir(), SITE_URL: '', URL: '' };
    const { stdout } = await promisify(execFile)(process.execPath, [resolve('scripts/demo.ts')], { env, cwd: root });
    expect(stdout).toMatch(/http:\/\/localhost:4322\/c\/[A-Za-z0-9_-]{18}\s/);
    expect(stdout).toContain('http://localhost:4322/staff/');
  });
});

describe('the warning on print pages', () => {
  test('a localhost address: in the page\'s language first, then the other, on screen only', () => {
    const html = printWarningHtml('es', { siteUrl: 'http://localhost:4322' });
    expect(html).toContain('role="alert"');
    expect(html.indexOf('<div lang="es">')).toBeLessThan(html.indexOf('<div lang="en">'));
    expect(html).toContain('llevan a http://localhost:4322');
    expect(html).toContain('point to http://localhost:4322');
    expect(html).toMatch(/@media print\{\.print-warning\{display:none!important\}\}/);
  });

  test('the demo CARD_SECRET on a card sheet', () => {
    expect(printWarningHtml('en', { siteUrl: 'https://brasa.coffee', demoCardSecret: true })).toContain('CARD_SECRET is not set');
  });

  test('nothing when the codes will work in the shop', () => {
    expect(printWarningHtml('en', { siteUrl: 'https://brasa.coffee' })).toBe('');
  });
});
