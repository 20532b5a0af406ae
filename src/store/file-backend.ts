import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pLimit from 'p-limit';
import { lock } from 'proper-lockfile';
import type { Backend } from './document-store.ts';
import { WriteConflictError } from './store.ts';


/**
 * Documents as JSON files under a folder (`responses/2026-11-26/x` →
 * `DIR/responses/2026-11-26/x.json`), safe for any number of processes on one
 * folder (`astro dev` runs each request in a fresh worker):
 * - each write goes to a temp file of its own name, then appears whole: renamed
 *   over the document, or hard-linked as a new one (which fails if the name is
 *   taken), so neither a reader nor a crashed writer ever leaves half a document;
 * - each read-modify-write holds the document's lock (proper-lockfile: a
 *   `x.json.lock` folder, taken over when its holder died), so no write is lost;
 * - a new document (`create`) needs no lock: the link is the atomic "only if new".
 * Not fsynced: a process crash loses nothing acknowledged; a power cut may lose
 * the last writes (Netlify uses Blobs; the file store is for `npm start` and one machine).
 */
/**
 * Reads and folder listings in flight at once, for the whole process: a view
 * that folds a year of records reads tens of thousands of files, and with no
 * bound the process runs out of file descriptors (EMFILE).
 */
const io = pLimit(128);

export function fileBackend(directory: string, options: { staleLockMs?: number } = {}): Backend {
  // How long a crashed process's lock blocks its document before others take it over (proper-lockfile's minimum is 2 s).
  const stale = options.staleLockMs ?? 10_000;
  const pathOf = (key: string) => join(directory, `${key}.json`);

  async function load(path: string): Promise<unknown> {
    try {
      return JSON.parse(await io(() => readFile(path, 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  const folders = new Set<string>();
  /** Creates a document's folder once per process. */
  async function folderOf(path: string): Promise<void> {
    const folder = dirname(path);
    if (folders.has(folder)) return;
    await mkdir(folder, { recursive: true });
    folders.add(folder);
  }

  /** Writes `value` to a temp file of its own beside `path`, then `publish`es it; the temp file never stays. */
  async function viaTemp<R>(path: string, value: unknown, publish: (temp: string) => Promise<R>): Promise<R> {
    const temp = `${path}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(value)).catch(async (error: NodeJS.ErrnoException) => {
      // The folder was removed since this process made it.
      if (error.code !== 'ENOENT') throw error;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(temp, JSON.stringify(value));
    });
    return publish(temp).catch(async (error: unknown) => {
      await rm(temp, { force: true });
      throw error;
    });
  }

  const replace = (path: string, value: unknown) => viaTemp(path, value, (temp) => rename(temp, path));

  /** Writes a new document: false when the key is already taken. */
  async function createNew(path: string, value: unknown): Promise<boolean> {
    await folderOf(path);
    return viaTemp(path, value, async (temp) => {
      const created = await link(temp, path).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'EEXIST') return false;
          throw error;
        },
      );
      await rm(temp);
      return created;
    });
  }

  async function locked<R>(key: string, task: (path: string) => Promise<R>): Promise<R> {
    const path = pathOf(key);
    await folderOf(path);
    const release = await lock(path, {
      realpath: false,
      stale,
      // Up to ~30 s of waiting with jitter: enough for dozens of processes queueing on one document.
      retries: { retries: 300, minTimeout: 2, maxTimeout: 100, factor: 1.5, randomize: true },
      // A lock we held past its staleness (the event loop was blocked that long) may have been taken over;
      // the default would throw from a timer and kill the process.
      onCompromised: (error) => console.error(`Store lock on "${key}" was compromised: ${error.message}`),
    }).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ELOCKED' ? new WriteConflictError(key) : error;
    });
    try {
      return await task(path);
    } finally {
      await release().catch(() => undefined);
    }
  }

  return {
    kind: 'file',
    get: (key) => load(pathOf(key)),
    modify: (key, next) =>
      locked(key, async (path) => {
        for (;;) {
          const current = await load(path);
          const value = next(current);
          if (value === undefined) return;
          if (current !== undefined) return replace(path, value);
          // A create() takes no lock: a document that was absent is written only if it still is.
          if (await createNew(path, value)) return;
        }
      }),
    create: (key, value) => createNew(pathOf(key), value),
    remove: (key) => locked(key, (path) => rm(path, { force: true })),
    keys: (prefix) => listKeys(directory, prefix),
    firstKey: (prefix) => firstKey(directory, prefix),
  };
}

/** A folder's documents and subfolders, by the keys they hold: `a` for `a.json`, `a/` for a folder (its keys all start so). */
async function entriesOf(directory: string, folder: string): Promise<{ name: string; folder: boolean }[]> {
  const entries = await io(() => readdir(join(directory, folder), { withFileTypes: true })).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  return entries.flatMap((entry): { name: string; folder: boolean }[] => {
    if (entry.isDirectory()) return entry.name.endsWith('.lock') ? [] : [{ name: `${folder}${entry.name}/`, folder: true }];
    return entry.name.endsWith('.json') ? [{ name: `${folder}${entry.name.slice(0, -'.json'.length)}`, folder: false }] : [];
  });
}

/** Whether a folder (`a/b/`) can hold a key under the prefix. */
const mayHold = (folder: string, prefix: string) => folder.startsWith(prefix) || prefix.startsWith(folder);

/**
 * Keys under a prefix, sorted, visiting only the folders that can hold one
 * (`responses/2026-11-` reads `responses/` and its `2026-11-*` folders, never the other months).
 */
async function listKeys(directory: string, prefix: string): Promise<string[]> {
  const found: string[] = [];
  async function visit(folder: string): Promise<void> {
    const inside: Promise<void>[] = [];
    for (const entry of await entriesOf(directory, folder)) {
      if (entry.folder) {
        if (mayHold(entry.name, prefix)) inside.push(visit(entry.name));
      } else if (entry.name.startsWith(prefix)) found.push(entry.name);
    }
    await Promise.all(inside);
  }
  await visit(prefix.slice(0, prefix.lastIndexOf('/') + 1));
  return found.sort();
}

/** The first key under a prefix: folders in key order, depth first, stopping at the first document. */
async function firstKey(directory: string, prefix: string): Promise<string | undefined> {
  async function visit(folder: string): Promise<string | undefined> {
    // `a` < `a-b` < `a/`: comparing a folder by `name/` puts it where its keys sort.
    for (const entry of (await entriesOf(directory, folder)).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!entry.folder) {
        if (entry.name.startsWith(prefix)) return entry.name;
      } else if (mayHold(entry.name, prefix)) {
        const found = await visit(entry.name);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  }
  return visit(prefix.slice(0, prefix.lastIndexOf('/') + 1));
}
