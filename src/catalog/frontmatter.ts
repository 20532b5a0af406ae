import { parse as parseYaml } from 'yaml';

/** Splits `---\nyaml\n---\nbody` into its parts (no file system: the content editor uses it in the browser). */
export function splitFrontmatter(text: string): { frontmatter: unknown; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  return match ? { frontmatter: parseYaml(match[1] ?? ''), body: match[2] ?? '' } : { frontmatter: {}, body: text };
}
