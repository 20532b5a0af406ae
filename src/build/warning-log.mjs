// An Astro log handler (astro.config.mjs `logger`) beside the usual console one: during `astro build` it
// writes every warning to .astro/build-warnings.json, so a build test can require a build without warnings.
// Plain JavaScript: Astro loads log handlers before it can compile TypeScript.
import { mkdirSync, writeFileSync } from 'node:fs';

export const warningsFile = '.astro/build-warnings.json';

/** @param {unknown} _config */
export default function warningLog(_config) {
  const building = process.argv.includes('build');
  /** @type {string[]} */
  const warnings = [];
  const save = () => {
    mkdirSync('.astro', { recursive: true });
    writeFileSync(warningsFile, `${JSON.stringify(warnings, null, 2)}\n`);
  };
  if (building) save();
  return {
    /** @param {{ level: string; label?: string | null; message: string }} event */
    write(event) {
      if (!building || event.level !== 'warn') return;
      warnings.push(`[${event.label ?? ''}] ${event.message}`);
      save();
    },
  };
}
