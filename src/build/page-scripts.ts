import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One script file a page loads, with its size as sent (gzip, level 9) and as stored. */
export interface PageScript {
  /** Its path on the site, e.g. `/_astro/SurveyEnhancer.Bx3.js`. */
  path: string;
  bytes: number;
  gzip: number;
}

/**
 * Every script file a built page loads before it is interactive: its `<script src>`, its islands'
 * components and renderers, its module preloads, and everything those import statically (not a
 * dynamic `import()`, which loads only if the code runs it, such as Preact's signals for islands
 * without signals). Inline scripts are part of the HTML and not counted here.
 * @example pageScripts('dist', 'en/survey/feedback/index.html') → { files: [...], gzip: 11234 }
 */
export function pageScripts(dist: string, page: string): { files: PageScript[]; gzip: number } {
  const html = readFileSync(join(dist, page), 'utf8');
  const entries = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/\b(?:component-url|renderer-url)="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
  ].map((match) => match[1]!).filter((src) => src.startsWith('/') && !src.startsWith('//'));
  const seen = new Map<string, PageScript>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    const code = readFileSync(join(dist, path), 'utf8');
    seen.set(path, { path, bytes: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).byteLength });
    // Static imports only, as a bundler writes them: `import{a as b}from"./x.js"`, `import"./y.js"`, `export*from"./z.js"`.
    for (const [, target] of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g)) {
      visit(target!.startsWith('/') ? target! : posix.join(posix.dirname(path), target!));
    }
  };
  for (const entry of entries) visit(entry);
  const files = [...seen.values()];
  return { files, gzip: files.reduce((sum, file) => sum + file.gzip, 0) };
}
