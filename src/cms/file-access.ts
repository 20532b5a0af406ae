import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { contentCollections } from './collections.ts';
import { mediaFolder } from './config.ts';

/*
 * What the editor's file API (local-api.ts) may touch. decap-server only keeps a path inside the whole project
 * (`content/../package.json` passes): here it must lie inside a collection's or picture folder, as written and on disk.
 */

/** The folders (and single files) the editor reads and writes, relative to its root. */
export const editableRoots: readonly string[] = [
  ...new Set([...contentCollections.map((collection) => collection.path), mediaFolder, ...contentCollections.flatMap((collection) => (collection.media ? [collection.media.folder.replace(/^\/+/, '')] : []))]),
];

const within = (folder: string, path: string): boolean => {
  const rest = relative(folder, path);
  return rest === '' || (rest !== '..' && !rest.startsWith(`..${sep}`) && !isAbsolute(rest));
};

/** Where `path` really is: symbolic links followed along the part that exists, the rest (a file about to be written) appended. Throws for a dangling or looping link. */
async function realLocation(path: string): Promise<string> {
  const rest: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    if (await lstat(at).then(() => true, () => false)) return join(await realpath(at), ...rest);
    if (dirname(at) === at) return path;
    rest.unshift(basename(at));
  }
}

/**
 * Whether the editor may read or write `path`, given as Decap sends it (relative to the editor's `root`): inside
 * one of `roots` once resolved (`content/../package.json` is not) and once symbolic links are followed (a link
 * in a content folder to a file elsewhere is not).
 * @example await isEditable('/shop', 'content/products/en/house-blend.md') // true
 */
export async function isEditable(root: string, path: string, roots: readonly string[] = editableRoots): Promise<boolean> {
  if (path === '' || path.includes('\0') || isAbsolute(path)) return false;
  const target = resolve(root, path);
  const allowed = roots.map((folder) => resolve(root, folder));
  if (!allowed.some((folder) => within(folder, target))) return false;
  try {
    const [real, ...realRoots] = await Promise.all([target, ...allowed].map(realLocation));
    return realRoots.some((folder) => within(folder, real!));
  } catch {
    return false;
  }
}

/**
 * The requests decap-server's file-system backend answers, each path in them checked with isEditable (parse it
 * with `safeParseAsync`); anything else does not fit.
 */
export function editorRequest(root: string) {
  const path = z.string().refine((value) => isEditable(root, value), 'Outside the content and picture folders');
  const file = z.looseObject({ path, newPath: path.optional() });
  return z.discriminatedUnion('action', [
    z.looseObject({ action: z.literal(['info', 'getDeployPreview']) }),
    z.looseObject({ action: z.literal('entriesByFolder'), params: z.looseObject({ folder: path }) }),
    z.looseObject({ action: z.literal('entriesByFiles'), params: z.looseObject({ files: z.array(file) }) }),
    z.looseObject({ action: z.literal(['getEntry', 'getMediaFile', 'deleteFile']), params: z.looseObject({ path }) }),
    z.looseObject({ action: z.literal('deleteFiles'), params: z.looseObject({ paths: z.array(path) }) }),
    z.looseObject({ action: z.literal('persistEntry'), params: z.looseObject({ entry: file.optional(), dataFiles: z.array(file).optional(), assets: z.array(file) }) }),
    z.looseObject({ action: z.literal('getMedia'), params: z.looseObject({ mediaFolder: path }) }),
    z.looseObject({ action: z.literal('persistMedia'), params: z.looseObject({ asset: file }) }),
  ]);
}

/** The entries of a listing whose files the editor may read: one reached through a link to outside is left out. */
export async function editableOnly<T>(root: string, entries: T[], pathOf: (entry: T) => unknown): Promise<T[]> {
  const keep = await Promise.all(
    entries.map(async (entry) => {
      const path = pathOf(entry);
      return typeof path === 'string' && (await isEditable(root, path));
    }),
  );
  return entries.filter((_, i) => keep[i]);
}
