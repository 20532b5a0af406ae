import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { expect, test } from 'vitest';
import { createStore } from '../../src/store/document-store.ts';
import { fileBackend } from '../../src/store/file-backend.ts';
import { defineDoc } from '../../src/store/store.ts';
import { tempDir } from '../support/temp.ts';
import { storeContract } from './contract.ts';

storeContract(
  'JSON files',
  async () => {
    const dir = await tempDir();
    return () => createStore(fileBackend(dir));
  },
  { atomic: true },
);

test('documents are plain JSON files named by key', async () => {
  const dir = await tempDir();
  const store = createStore(fileBackend(dir));
  await store.update(defineDoc('responses/2026-11', z.object({ n: z.number() }), () => ({ n: 0 })), (doc) => void (doc.n = 3));
  expect(JSON.parse(await readFile(join(dir, 'responses/2026-11.json'), 'utf8'))).toEqual({ n: 3 });
});

test('defineDoc() refuses keys that could escape the data folder', () => {
  expect(() => defineDoc('../etc/passwd', z.object({}), () => ({}))).toThrow(/Invalid store key/);
});
