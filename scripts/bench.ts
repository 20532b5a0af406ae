// `npm run bench`: runs every benchmark in scripts/bench/ and prints its figures.
// Targets live here, never in timed tests.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(import.meta.dirname, 'bench');
const only = process.argv[2];
for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts')).sort()) {
  if (only && !file.includes(only)) continue;
  const bench = (await import(join(folder, file))) as { default: () => Promise<void> };
  console.log(`\n## ${file.replace(/\.ts$/, '')}`);
  await bench.default();
}
