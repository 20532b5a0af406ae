// `npm run bench`: runs every benchmark in scripts/bench/ and prints its figures.
// Targets live here, never in timed tests.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const folder = join(import.meta.dirname, 'bench');
// `--scale` runs the scale bench alone (a shop at 1k and 100k responses, about half an hour); otherwise every other bench, or those named.
const scale = process.argv.includes('--scale');
const only = scale ? 'scale' : process.argv[2];
for (const file of readdirSync(folder).filter((name) => name.endsWith('.ts')).sort()) {
  if (only ? !file.includes(only) : file === 'scale.ts') continue;
  const bench = (await import(join(folder, file))) as { default: () => Promise<void> };
  console.log(`\n## ${file.replace(/\.ts$/, '')}`);
  await bench.default();
}
