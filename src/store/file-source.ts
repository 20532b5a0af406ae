import { mkdirSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { JSONFile } from 'lowdb/node';
import type { AdapterSource } from './lowdb-store.ts';

/** Documents as JSON files under a folder (`responses/2026-11` → `DIR/responses/2026-11.json`). */
export function fileSource(directory: string): AdapterSource {
  return {
    kind: 'file',
    adapter(key) {
      const path = join(directory, `${key}.json`);
      mkdirSync(dirname(path), { recursive: true });
      // steno writes a temp file then renames it: a crash never leaves half a document.
      return new JSONFile<unknown>(path);
    },
    async keys(prefix) {
      const files = await readdir(directory, { recursive: true }).catch(() => [] as string[]);
      return files
        .filter((file) => file.endsWith('.json'))
        .map((file) => file.split(sep).join('/').replace(/\.json$/, ''))
        .filter((key) => key.startsWith(prefix))
        .sort();
    },
  };
}
