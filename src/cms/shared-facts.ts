import { stringify } from 'yaml';
import { splitFrontmatter } from '../catalog/frontmatter.ts';
import { canonical, disagreements, factsOf, shown, type Fact } from '../catalog/shared.ts';
import { localeNames, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';
import { bilingual, perLanguagePath } from './check.ts';
import { collectionOfPath } from './collections.ts';

/**
 * The editor's half of "one value for every language" (src/catalog/shared.ts). Decap copies shared facts itself
 * except inside lists (a step's picture), so either pane may change one: the value changed since the entry was
 * opened wins in every file; two different changes, or lists of different lengths, refuse the save.
 */

export interface FileToSave {
  path: string;
  raw: string;
  newPath?: string;
}

export interface Aligned<F extends FileToSave> {
  files: F[];
  problems: string[];
}

type Data = Record<string, unknown>;
interface Side<F extends FileToSave = FileToSave> {
  locale: Locale;
  file: F;
  data: Data;
  body: string;
  /** The file as the editor opened it; undefined for a new entry. */
  opened?: Data;
}

const setAt = (data: Data, path: (string | number)[], value: unknown): void => {
  let node: unknown = data;
  for (const [i, key] of path.entries()) {
    if (!node || typeof node !== 'object') return;
    const holder = node as Record<string | number, unknown>;
    if (i === path.length - 1) {
      if (canonical(value) === undefined) delete holder[key];
      else holder[key] = structuredClone(value);
      return;
    }
    // An item a list does not have stays missing (the lengths are compared after); an object is made.
    if (holder[key] === undefined && typeof key === 'string') holder[key] = {};
    node = holder[key];
  }
};

/** Which value of a fact every file takes, or undefined when two panes changed it differently. */
function chosen(key: string, sides: Side[], facts: Map<string, Fact>[], openedFacts: (Map<string, Fact> | undefined)[]): { value: unknown } | undefined {
  const now = facts.map((map) => map.get(key)?.value);
  const changed = sides.flatMap((_, i) => {
    const before = openedFacts[i];
    // A new entry has nothing to compare with: whatever a pane set counts, an empty one does not.
    const isChanged = before ? canonical(before.get(key)?.value) !== canonical(now[i]) : canonical(now[i]) !== undefined;
    return isChanged ? [now[i]] : [];
  });
  const distinct = new Set(changed.map(canonical));
  if (distinct.size === 1) return { value: changed[0] };
  // Nothing changed, yet the files disagree (written so by hand): the left pane's value, which the other pane showed.
  if (distinct.size === 0) return { value: now[0] };
  return undefined;
}

/**
 * Makes the shared facts of each entry the same in all the files of one save.
 * `opened(path)` is the text of a file as the editor read it; `first` is the left pane's language.
 */
export function alignSharedFacts<F extends FileToSave>(files: F[], opened: (path: string) => string | undefined, first: Locale): Aligned<F> {
  const problems: string[] = [];
  const groups = Map.groupBy(
    files.filter((file) => file.path.endsWith('.md') && perLanguagePath(file.path)),
    (file) => perLanguagePath(file.path)!.entry,
  );
  const replaced = new Map<F, F>();
  for (const group of groups.values()) {
    const schema = collectionOfPath(group[0]!.path)!.schema;
    const sides: Side<F>[] = group
      .map((file) => {
        const { frontmatter, body } = splitFrontmatter(file.raw);
        const before = opened(file.path);
        return {
          locale: perLanguagePath(file.path)!.locale,
          file,
          data: (frontmatter ?? {}) as Data,
          body,
          ...(before !== undefined && { opened: (splitFrontmatter(before).frontmatter ?? {}) as Data }),
        };
      })
      .sort((a, b) => Number(b.locale === first) - Number(a.locale === first));
    const facts = sides.map((side) => factsOf(schema, side.data));
    const openedFacts = sides.map((side) => side.opened && factsOf(schema, side.opened));
    const keys = [...new Set(facts.flatMap((map) => [...map.entries()].filter(([, fact]) => !fact.count).map(([key]) => key)))];
    for (const key of keys) {
      const values = facts.map((map) => canonical(map.get(key)?.value));
      if (new Set(values).size === 1) continue;
      const choice = chosen(key, sides, facts, openedFacts);
      const fact = facts.find((map) => map.has(key))!.get(key)!;
      if (!choice) {
        problems.push(...conflict(sides, facts, key, fact.path.join('.')));
        continue;
      }
      for (const side of sides) setAt(side.data, fact.path, choice.value);
    }
    // What is still uneven after that (a list with an item more in one language) is for the owner to mend.
    for (const { fact, values } of disagreements(schema, sides.map((side) => ({ file: side.file.path, data: side.data })))) {
      if (!fact.count) continue;
      const [reference, ...others] = values;
      const referenceSide = sides.find((side) => side.file.path === reference!.file)!;
      for (const other of others) {
        const side = sides.find((s) => s.file.path === other.file)!;
        problems.push(
          `${other.file}: ${localeNames[side.locale]} — ${fact.path.join('.')}: ${bilingual((words) => t(words, 'admin.content.refused.count', { count: String(other.value), other: String(reference!.value), language: localeNames[referenceSide.locale] }))}`,
        );
      }
    }
    for (const side of sides) {
      replaced.set(side.file, { ...side.file, raw: `---\n${stringify(side.data, { lineWidth: 0 })}---\n${side.body.replace(/^\n+/, '')}` });
    }
  }
  return { files: files.map((file) => replaced.get(file) ?? file), problems };
}

/** A fact two panes changed to different values: named in each other file, with the left pane's value. */
function conflict(sides: Side[], facts: Map<string, Fact>[], key: string, field: string): string[] {
  const value = (i: number) => shown(facts[i]!.get(key)?.value);
  return sides.slice(1).map(
    (side, i) => `${side.file.path}: ${localeNames[side.locale]} — ${field}: ${bilingual((words) => t(words, 'admin.content.refused.shared', { value: value(i + 1), other: value(0), language: localeNames[sides[0]!.locale] }))}`,
  );
}
