import { parse as parseYaml, stringify } from 'yaml';
import { z } from 'zod';
import { splitFrontmatter } from '../catalog/frontmatter.ts';
import { localeNames, locales, isLocale, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';
import { collectionOfPath } from './collections.ts';

/**
 * The editor's save check, in the browser: empty optional values are dropped (the editor leaves `''` behind), then
 * each file is checked with the build's zod schema; a refusal names the file, language and field, in both languages.
 */

export type Checked = { ok: true; raw: string } | { ok: false; problems: string[] };

/** Removes `''`, `null`, empty lists and empty objects, recursively: what an untouched optional editor field leaves. */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruneEmpty).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => [key, pruneEmpty(item)] as const).filter(([, item]) => item !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value === '' || value === null ? undefined : value;
}

/** zod's own wording of a refusal in each language (English is zod's default). */
const zodMessages: Record<Locale, z.core.$ZodErrorMap | undefined> = { en: undefined, es: z.locales.es().localeError };
export const bilingual = (text: (locale: Locale) => string): string => locales.map(text).join(' / ');

/** The value at a zod issue's path, e.g. `['name', 'es']`. */
const valueAt = (data: unknown, path: readonly PropertyKey[]): unknown => path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), data);

/** The language a file or a field path is written in, for messages: `es` → "Español". */
function languageOf(path: string, fieldPath: readonly PropertyKey[]): string | undefined {
  const last = fieldPath.at(-1);
  if (isLocale(last)) return localeNames[last];
  const fromFile = path.split('/').map((part) => part.replace(/\.\w+$/, '')).find(isLocale);
  return fromFile && localeNames[fromFile];
}

/**
 * Checks and tidies the text of one file the editor is saving.
 * @example checkFile('content/locations/bar.yaml', 'name:\n  en: Bar\n') → { ok: false, problems: ['content/locations/bar.yaml: Español — name.es: …'] }
 */
export function checkFile(path: string, raw: string): Checked {
  const collection = collectionOfPath(path);
  if (!collection) return { ok: false, problems: [`${path}: the editor does not write files here`] };
  const markdown = path.endsWith('.md');
  const { frontmatter, body } = markdown ? splitFrontmatter(raw) : { frontmatter: path.endsWith('.json') ? (JSON.parse(raw) as unknown) : parseYaml(raw), body: '' };
  // An interface string left empty must be named, not dropped (a missing key fails the build elsewhere).
  const data = (collection.layout === 'strings' ? frontmatter : (pruneEmpty(frontmatter) ?? {})) as Record<string, unknown>;
  const result = collection.schema.safeParse(data);
  if (!result.success) {
    const worded = Object.fromEntries(
      locales.map((locale) => {
        const error = zodMessages[locale];
        return [locale, error ? (collection.schema.safeParse(data, { error }).error?.issues ?? []) : result.error.issues];
      }),
    ) as Record<Locale, z.core.$ZodIssue[]>;
    return {
      ok: false,
      problems: result.error.issues.map((issue, i) => {
        const language = languageOf(path, issue.path);
        // A field left empty is said plainly, not as zod's "expected string, received undefined".
        const missing = issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined;
        const reason = bilingual((locale) => (missing ? t(locale, 'admin.content.refused.missing') : (worded[locale][i]?.message ?? issue.message)));
        return `${path}: ${language ? `${language} — ` : ''}${issue.path.join('.') || '(all)'}: ${reason}`;
      }),
    };
  }
  if (collection.layout === 'strings') return { ok: true, raw: `${JSON.stringify(data, null, 2)}\n` };
  const yaml = stringify(data, { lineWidth: 0 });
  return { ok: true, raw: markdown ? `---\n${yaml}---\n${body.replace(/^\n+/, '')}` : yaml };
}

/**
 * Where a file of a collection written once per language (products, guides, issues, interface
 * strings) stands: its language, and its path with `{lang}` in place of it, which names the entry.
 * @example perLanguagePath('content/newsletters/2026-11/es.md') → { locale: 'es', entry: 'content/newsletters/2026-11/{lang}.md' }
 */
export function perLanguagePath(path: string): { locale: Locale; entry: string } | undefined {
  const collection = collectionOfPath(path);
  if (!collection || !['per-language-markdown', 'per-issue-markdown', 'strings'].includes(collection.layout)) return undefined;
  const parts = path.split('/');
  const at = parts.findIndex((part) => isLocale(part.replace(/\.\w+$/, '')));
  const locale = parts[at]!.replace(/\.\w+$/, '') as Locale;
  // `en` as a folder (products/en/x.md) or as the file name (newsletters/2026-11/en.md, keeping `.md`).
  return { locale, entry: [...parts.slice(0, at), `{lang}${parts[at]!.slice(locale.length)}`, ...parts.slice(at + 1)].join('/') };
}

/** For collections written once per language: a problem per language the files of one save miss (the build would stop). */
export function missingLanguages(paths: readonly string[]): string[] {
  const groups = Map.groupBy(paths.flatMap((path) => perLanguagePath(path) ?? []), (place) => place.entry);
  return [...groups].flatMap(([key, places]) =>
    locales
      .filter((locale) => !places.some((place) => place.locale === locale))
      .map((locale) => `${key.replace('{lang}', locale)}: ${localeNames[locale]} — ${bilingual((words) => t(words, 'admin.content.refused.language', { language: localeNames[locale] }))}`),
  );
}
