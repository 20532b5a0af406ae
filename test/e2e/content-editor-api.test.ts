import { existsSync, readFileSync } from 'node:fs';
import { rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { localApiPath } from '../../src/cms/paths.ts';
import { logIn } from '../../src/sessions/sessions.ts';

/*
 * The content editor's file API under `npm start` (src/cms/local-api.ts), called as an attacker holding the
 * owner's session would: it reads and writes the collections' folders and the picture folders of its copy
 * of the project (CMS_LOCAL_ROOT = `cmsRoot`), nothing else, and only for this site's own pages.
 */

const baseUrl = inject('baseUrl');
const cmsRoot = inject('cmsRoot');
const server = createApp({ DATA_DIR: inject('dataDir'), TEST_CLOCK_FILE: inject('clockFile'), NETLIFY_DB_URL: inject('databaseUrl') });
const secret = '{ "name": "the-project-itself", "secret": "not for the editor" }';
let cookie = '';

/** Files planted around the editor's folders: the project's own, and a link from a content folder to outside it. */
const planted = ['package.json', 'outside.md', 'content/products/en/linked-outside.md', 'content/guides/en/api-probe.md'];

beforeAll(async () => {
  const login = await logIn(server, 'admin', '192.0.2.78', server.secret('ADMIN_PASSWORD'));
  if (!login.ok) throw new Error('the owner could not sign in');
  cookie = login.setCookie.split(';')[0]!;
  await writeFile(join(cmsRoot, 'package.json'), secret);
  await writeFile(join(cmsRoot, 'outside.md'), `---\nname: ${secret}\n---\n`);
  await symlink(join(cmsRoot, 'outside.md'), join(cmsRoot, 'content/products/en/linked-outside.md'));
});

afterAll(async () => {
  await Promise.all(planted.map((path) => rm(join(cmsRoot, path), { force: true })));
  await rm(join(cmsRoot, 'src/pages'), { recursive: true, force: true });
});

/** POSTs to the file API as Decap does: JSON, the owner's cookie, this site's Origin (unless `headers` say otherwise). */
function api(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}${localApiPath}`, {
    method: 'POST',
    headers: { cookie, origin: baseUrl, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const branch = 'main';
const options = { commitMessage: 'probe', useWorkflow: false, status: 'draft' };
const persist = (dataFiles: { path: string; raw: string; newPath?: string }[], assets: { path: string; content: string; encoding: 'base64' }[] = []) =>
  api({ action: 'persistEntry', params: { branch, dataFiles: dataFiles.map((file) => ({ slug: 'x', ...file })), assets, options } });

/** The refusal of a request: a 4xx `{ error }` that shows nothing of the file. */
async function expectRefused(response: Response, status = 400): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect((JSON.parse(text) as { error?: unknown }).error).toEqual(expect.any(String));
  expect(text).not.toContain('not for the editor');
}

describe('the content editor\'s file API (npm start)', () => {
  test('still reads, lists, writes and deletes in the collections\' folders', async () => {
    const entry = await api({ action: 'getEntry', params: { branch, path: 'content/products/en/house-blend.md' } });
    expect(entry.status).toBe(200);
    expect(((await entry.json()) as { data: string }).data).toContain('House Blend');
    const listed = (await (await api({ action: 'entriesByFolder', params: { branch, folder: 'content/products', extension: 'md', depth: 2 } })).json()) as { file: { path: string } }[];
    expect(listed.map((item) => item.file.path)).toContain('content/products/es/house-blend.md');
    const media = (await (await api({ action: 'getMedia', params: { branch, mediaFolder: 'src/assets/products' } })).json()) as { path: string }[];
    expect(media.map((item) => item.path)).toContain('src/assets/products/house-blend.jpg');

    expect((await persist([{ path: 'content/guides/en/api-probe.md', raw: '---\ntitle: Probe\n---\n' }])).status).toBe(200);
    expect(readFileSync(join(cmsRoot, 'content/guides/en/api-probe.md'), 'utf8')).toContain('Probe');
    expect((await api({ action: 'deleteFile', params: { branch, path: 'content/guides/en/api-probe.md', options } })).status).toBe(200);
    expect(existsSync(join(cmsRoot, 'content/guides/en/api-probe.md'))).toBe(false);
  });

  test('refuses a write outside the content and picture folders, and writes nothing', async () => {
    await expectRefused(await persist([{ path: 'content/../src/pages/x.ts', raw: 'export const pwned = true;' }]));
    await expectRefused(await persist([{ path: 'content/products/en/house-blend.md', raw: '---\n---\n', newPath: 'content/../src/pages/x.ts' }]));
    await expectRefused(await persist([{ path: 'content/guides/en/api-probe.md', raw: '---\n---\n' }], [{ path: 'src/assets/../pages/x.ts', content: 'AAAA', encoding: 'base64' }]));
    await expectRefused(await api({ action: 'persistMedia', params: { branch, asset: { path: 'src/assets/../../package.json', content: 'AAAA', encoding: 'base64' }, options } }));
    await expectRefused(await api({ action: 'persistMedia', params: { branch, asset: { path: `${cmsRoot}/src/pages/x.ts`, content: 'AAAA', encoding: 'base64' }, options } }));
    await expectRefused(await api({ action: 'deleteFiles', params: { branch, paths: ['content/guides/en/x.md', 'package.json'], options } }));
    expect(existsSync(join(cmsRoot, 'src/pages/x.ts'))).toBe(false);
    expect(existsSync(join(cmsRoot, 'content/guides/en/api-probe.md'))).toBe(false);
    expect(readFileSync(join(cmsRoot, 'package.json'), 'utf8')).toBe(secret);
  });

  test('refuses to read or list the rest of the project (package.json, the project folder)', async () => {
    await expectRefused(await api({ action: 'getEntry', params: { branch, path: 'package.json' } }));
    await expectRefused(await api({ action: 'getEntry', params: { branch, path: 'content/../package.json' } }));
    await expectRefused(await api({ action: 'entriesByFiles', params: { branch, files: [{ path: 'content/site/site.yaml' }, { path: 'package.json' }] } }));
    await expectRefused(await api({ action: 'getMediaFile', params: { branch, path: 'package.json' } }));
    await expectRefused(await api({ action: 'entriesByFolder', params: { branch, folder: '.', extension: 'json', depth: 1 } }));
    await expectRefused(await api({ action: 'getMedia', params: { branch, mediaFolder: 'src/assets/..' } }));
  });

  test('refuses a symbolic link from a content folder to a file outside, and leaves it out of listings', async () => {
    await expectRefused(await api({ action: 'getEntry', params: { branch, path: 'content/products/en/linked-outside.md' } }));
    const listed = await api({ action: 'entriesByFolder', params: { branch, folder: 'content/products', extension: 'md', depth: 2 } });
    expect(listed.status).toBe(200);
    expect(await listed.text()).not.toContain('not for the editor');
  });

  test('refuses a call from another site\'s page (Origin), and writes nothing', async () => {
    const response = await fetch(`${baseUrl}${localApiPath}`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'persistEntry', params: { branch, dataFiles: [{ slug: 'x', path: 'content/guides/en/api-probe.md', raw: '---\n---\n' }], assets: [], options } }),
    });
    await expectRefused(response, 403);
    expect(existsSync(join(cmsRoot, 'content/guides/en/api-probe.md'))).toBe(false);
  });

  test('answers malformed JSON, or a request it does not know, with 400', async () => {
    await expectRefused(await api('{"action": "getEntry", '));
    await expectRefused(await api({ action: 'runShell', params: { branch } }));
    await expectRefused(await api({ action: 'getEntry' }));
  });

  test('still needs the owner\'s session', async () => {
    const anonymous = await api({ action: 'getEntry', params: { branch, path: 'content/site/site.yaml' } }, { cookie: '' });
    expect(anonymous.status).toBe(401);
  });
});
