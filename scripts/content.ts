// `npm run content`: compiles content/ into src/catalog/generated/content.json (see src/catalog/compile.ts).
// npm install, npm test, the scripts and every Astro command run it; call it by hand only to check content.
import { compiledFile, writeCompiledContent } from '../src/catalog/compile.ts';

try {
  console.log(writeCompiledContent() ? `compiled content/ into ${compiledFile}` : 'content/ unchanged');
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
