// `npm run scheduled -- NAME`: one run of a scheduled function (a file of netlify/functions/ with a `schedule`:
// birthday-greetings, win-back, wallet-retry, newsletter-send), by hand, with the same code. On Netlify only the
// scheduler runs them, and under `npm start` their addresses answer 404. It uses npm start's database (running or
// not); without RESEND_API_KEY the emails go to DATA_DIR/outbox/.
import { pathToFileURL } from 'node:url';
import { app } from '../src/app.ts';
import { scheduledFunctions } from '../src/http/dev-guard.ts';
import { useLocalDatabase } from './support/local-db.ts';

const scheduled = await scheduledFunctions('netlify/functions');
const [name] = process.argv.slice(2);
const chosen = scheduled.find((fn) => fn.name === name);
if (!chosen) {
  console.error(`Usage: npm run scheduled -- NAME, one of: ${scheduled.map((fn) => fn.name).join(', ')}`);
  process.exit(name === undefined || name === '--help' ? 0 : 2);
}

const stopDatabase = await useLocalDatabase();
let exitCode = 0;
try {
  const run = (await import(pathToFileURL(chosen.mainFile).href)) as { default: (request: Request, context: unknown) => Promise<Response> };
  const response = await run.default(new Request(`http://localhost/.netlify/functions/${chosen.name}`, { method: 'POST' }), {});
  console.info(`${chosen.name}: HTTP ${response.status} ${await response.text()}`);
  if (!response.ok) exitCode = 1;
} finally {
  await app().db.close();
  await stopDatabase();
}
process.exit(exitCode);
