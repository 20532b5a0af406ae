import { defaultLocale, locales, type Locale } from '../../i18n/locales.ts';
import { checkFile, missingLanguages } from '../check.ts';
import { alignSharedFacts, type FileToSave } from '../shared-facts.ts';
import { joinStrings, splitStrings, stringFiles } from '../strings.ts';

/**
 * Wraps a Decap backend (local file API or GitHub) where every read and write crosses: newsletter paths are
 * mapped to a layout Decap writes (`newsletters/{lang}/{yyyy-mm}.md`), interface strings are joined and split
 * (strings.ts), shared facts aligned (shared-facts.ts), and every file checked (check.ts) before `beforeSave`.
 */

const issue = /^(content\/newsletters)\/([^/]+)\/([^/]+)\.md$/;
/** Swaps the last two parts of a newsletter path: the mapping is its own inverse. */
export const swapIssuePath = (path: string): string => path.replace(issue, '$1/$3/$2.md');

export type DataFile = FileToSave;

type Read = { file: { path: string; id?: string | null }; data: string };

interface Implementation {
  entriesByFolder(folder: string, extension: string, depth: number): Promise<{ file: { path: string }; data?: string }[]>;
  allEntriesByFolder?(folder: string, extension: string, depth: number): Promise<{ file: { path: string }; data?: string }[]>;
  entriesByFiles(files: { path: string }[]): Promise<Read[]>;
  getEntry(path: string): Promise<Read>;
  persistEntry(entry: { dataFiles: DataFile[] }, options: unknown): Promise<unknown>;
  deleteFiles?(paths: string[], message: string): Promise<unknown>;
  deleteFile?(path: string, message: string): Promise<unknown>;
  authComponent?(): unknown;
}

export interface BackendHooks {
  /** Called with the checked files before they are written; throw to cancel the save with a message. */
  beforeSave?(files: DataFile[]): Promise<void>;
  /** The editor's left pane language (Decap's `default_locale`), whose shared values win a tie. */
  firstLocale?: Locale;
  /** Shown instead of the backend's own sign-in page. */
  authComponent?: unknown;
}

const showEntries = <T extends { file: { path: string } }>(entries: T[]): T[] => entries.map((entry) => ({ ...entry, file: { ...entry.file, path: swapIssuePath(entry.file.path) } }));

/** The same backend, with Vuelve's paths and checks. */
export function vuelveBackend<T extends object>(implementation: T, hooks: BackendHooks = {}): T {
  const base = implementation as unknown as Implementation;
  /** Each file as the editor last read or wrote it, by its path in the repository: what a save is compared with. */
  const opened = new Map<string, string>();
  const remember = <E extends { file: { path: string }; data?: string }>(entries: E[]): E[] => {
    for (const entry of entries) if (typeof entry.data === 'string') opened.set(entry.file.path, entry.data);
    return entries;
  };
  const overrides: Partial<Implementation> = {
    entriesByFolder: async (folder, extension, depth) => showEntries(remember(await base.entriesByFolder(folder, extension, depth))),
    ...(base.allEntriesByFolder && { allEntriesByFolder: async (folder: string, extension: string, depth: number) => showEntries(remember(await base.allEntriesByFolder!(folder, extension, depth))) }),
    entriesByFiles: (files) => Promise.all(files.map((file) => overrides.getEntry!(file.path))),
    getEntry: async (path) => {
      const parts = stringFiles(path);
      if (!parts) return showEntries(remember([await base.getEntry(swapIssuePath(path))]))[0]!;
      const read = await Promise.all(locales.map((locale) => base.getEntry(parts[locale])));
      return { file: { path, id: read.map((r) => r.file.id ?? '').join(':') }, data: joinStrings(Object.fromEntries(locales.map((locale, i) => [locale, read[i]!.data])) as Record<(typeof locales)[number], string>) };
    },
    persistEntry: async (entry, options) => {
      const files = entry.dataFiles.flatMap((file): DataFile[] => {
        const parts = stringFiles(file.path);
        if (parts) {
          const texts = splitStrings(file.raw);
          return locales.map((locale) => ({ path: parts[locale], raw: texts[locale] }));
        }
        return [{ ...file, path: swapIssuePath(file.path), ...(file.newPath && { newPath: swapIssuePath(file.newPath) }) }];
      });
      const problems = missingLanguages(files.map((file) => file.path));
      const aligned = alignSharedFacts(files, (path) => opened.get(path), hooks.firstLocale ?? defaultLocale);
      problems.push(...aligned.problems);
      const checked = aligned.files.map((file) => {
        const result = checkFile(file.path, file.raw);
        if (!result.ok) problems.push(...result.problems);
        return result.ok ? { ...file, raw: result.raw } : file;
      });
      if (problems.length > 0) throw new Error(problems.join('\n'));
      await hooks.beforeSave?.(checked);
      const saved = await base.persistEntry({ ...entry, dataFiles: checked }, options);
      for (const file of checked) opened.set(file.newPath ?? file.path, file.raw);
      return saved;
    },
    ...(base.deleteFiles && { deleteFiles: (paths: string[], message: string) => base.deleteFiles!(paths.map(swapIssuePath), message) }),
    ...(base.deleteFile && { deleteFile: (path: string, message: string) => base.deleteFile!(swapIssuePath(path), message) }),
    ...(hooks.authComponent !== undefined && { authComponent: () => hooks.authComponent }),
  };
  return new Proxy(implementation, {
    get(target, name, receiver) {
      if (typeof name === 'string' && name in overrides) return overrides[name as keyof Implementation];
      const value = Reflect.get(target, name, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
