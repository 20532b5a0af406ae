import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { editableOnly, editableRoots, editorRequest, isEditable } from '../../src/cms/file-access.ts';
import { tempDir } from '../support/temp.ts';

let root: string;

beforeAll(async () => {
  root = await tempDir('vuelve-cms-access-');
  await mkdir(join(root, 'content/products/en'), { recursive: true });
  await mkdir(join(root, 'content/site'), { recursive: true });
  await mkdir(join(root, 'src/assets/products'), { recursive: true });
  await writeFile(join(root, 'content/products/en/house-blend.md'), '---\nname: House Blend\n---\n');
  await writeFile(join(root, 'content/site/site.yaml'), 'name: Shop\n');
  await writeFile(join(root, 'package.json'), '{}');
  await symlink(join(root, 'package.json'), join(root, 'content/products/en/linked.md'));
  await symlink(join(root, 'src'), join(root, 'content/products/es'));
  await symlink(join(root, 'nowhere.md'), join(root, 'content/products/en/dangling.md'));
});

describe('isEditable: the collections\' folders and the picture folders, nothing else', () => {
  test('the roots are every collection and the picture folders', () => {
    expect(editableRoots).toEqual(expect.arrayContaining(['content/site/site.yaml', 'content/products', 'content/i18n', 'src/assets', 'src/assets/products']));
    expect(editableRoots.every((path) => path.startsWith('content/') || path.startsWith('src/assets'))).toBe(true);
  });

  test.each(['content/products/en/house-blend.md', 'content/products/en/new-one.md', 'content/products/fr/new/deep.md', 'content/site/site.yaml', 'src/assets/products/new.jpg', 'src/assets', 'content/products'])('%s: yes', async (path) => {
    expect(await isEditable(root, path)).toBe(true);
  });

  test.each([
    'package.json', 'content/../package.json', 'content/../src/pages/x.ts', 'src/assets/../pages/x.ts', 'content', 'content/site/other.yaml', '.', '', '/etc/passwd',
    'src/assetsX/x.jpg', 'content/productsX/en/x.md', 'content/products/en/x.md\u0000.jpg',
  ])('%j: no', async (path) => {
    expect(await isEditable(root, path)).toBe(false);
  });

  test('a symbolic link out of a content folder is refused, to a file, to a folder, or dangling', async () => {
    expect(await isEditable(root, 'content/products/en/linked.md')).toBe(false);
    expect(await isEditable(root, 'content/products/es/pages/x.ts')).toBe(false);
    expect(await isEditable(root, 'content/products/en/dangling.md')).toBe(false);
  });

  test('a listing keeps only what may be read', async () => {
    const entries = [{ file: { path: 'content/products/en/house-blend.md' } }, { file: { path: 'content/products/en/linked.md' } }, { file: {} }];
    expect(await editableOnly(root, entries, (entry) => entry.file.path)).toEqual([entries[0]]);
  });
});

describe('editorRequest: the requests the editor makes, every path in them checked', () => {
  const parse = (body: unknown) => editorRequest(root).safeParseAsync(body);

  test('the editor\'s own requests pass, unknown fields kept', async () => {
    const save = { action: 'persistEntry', params: { branch: 'main', dataFiles: [{ slug: 'x', path: 'content/products/en/x.md', raw: '---\n---\n' }], assets: [{ path: 'src/assets/products/x.jpg', content: 'AA', encoding: 'base64' }], options: { commitMessage: 'm' } } };
    expect((await parse(save)).data).toEqual(save);
    for (const body of [{ action: 'info' }, { action: 'getEntry', params: { path: 'content/site/site.yaml' } }, { action: 'getMedia', params: { mediaFolder: 'src/assets/products' } }, { action: 'deleteFiles', params: { paths: ['content/products/en/x.md'] } }]) {
      expect((await parse(body)).success, JSON.stringify(body)).toBe(true);
    }
  });

  test('a path outside, anywhere in the request, fails and is named', async () => {
    const result = await parse({ action: 'persistEntry', params: { dataFiles: [{ path: 'content/products/en/x.md', raw: '' }, { path: 'content/products/en/y.md', newPath: 'content/../src/pages/x.ts' }], assets: [] } });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['params.dataFiles.1.newPath']);
    for (const body of [
      { action: 'getEntry', params: { path: 'package.json' } },
      { action: 'entriesByFiles', params: { files: [{ path: 'package.json' }] } },
      { action: 'persistMedia', params: { asset: { path: 'src/assets/../../package.json' } } },
      { action: 'persistEntry', params: { entry: { path: 'package.json' }, assets: [] } },
      { action: 'entriesByFolder', params: { folder: '.' } },
      { action: 'deleteFile', params: { path: 'content/products/en/linked.md' } },
    ]) {
      expect((await parse(body)).success, JSON.stringify(body)).toBe(false);
    }
  });

  test('an action the file backend does not take, or a request without its paths, fails', async () => {
    for (const body of [{ action: 'runShell' }, { action: 'getEntry' }, { action: 'getEntry', params: {} }, 'getEntry', null]) {
      expect((await parse(body)).success, JSON.stringify(body)).toBe(false);
    }
  });
});
