import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { locales } from '../i18n/locales.ts';
import { contentRoot } from './read.ts';

/**
 * Per-locale content must exist in every language: `products/en/x.md` needs
 * `products/es/x.md`, and `newsletters/2026-11/en.md` needs `…/es.md`.
 * Returns one line per missing file.
 */
export function missingTranslations(root = contentRoot()): string[] {
  const problems: string[] = [];
  for (const collection of ['products', 'guides']) {
    const names = new Map(locales.map((locale) => [locale, listFiles(join(root, collection, locale))]));
    const all = new Set([...names.values()].flat());
    for (const locale of locales) {
      for (const name of all) {
        if (!names.get(locale)?.includes(name)) problems.push(`content/${collection}/${locale}/${name} is missing (the other language has it)`);
      }
    }
  }
  const newsletters = join(root, 'newsletters');
  for (const month of listFiles(newsletters)) {
    const files = listFiles(join(newsletters, month));
    for (const locale of locales) {
      if (!files.includes(`${locale}.md`)) problems.push(`content/newsletters/${month}/${locale}.md is missing`);
    }
  }
  return problems;
}

function listFiles(directory: string): string[] {
  return existsSync(directory) ? readdirSync(directory).filter((name) => !name.startsWith('.')).sort() : [];
}

/** Throws with every missing translation: used by content.config.ts so the build stops. */
export function assertTranslated(root?: string): void {
  const problems = missingTranslations(root);
  if (problems.length > 0) throw new Error(`Content is missing in one language:\n  ${problems.join('\n  ')}`);
}
