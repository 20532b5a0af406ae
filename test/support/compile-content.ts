import { writeCompiledContent } from '../../src/catalog/compile.ts';

/** Vitest global setup: the content tests read is the content on disk now, as `astro build` would compile it. */
export default function setup(): void {
  writeCompiledContent();
}
