// One process per shop and function, as Netlify runs them: it imports the function's module (the built SSR
// function of `astro build`, or one of netlify/functions/) with the shop's database in NETLIFY_DB_URL and times
// each path the way a browser asks for it, with the owner's session cookie (BENCH_COOKIE: the sign-in's password
// hashing is not the pages' and would set the process's peak memory). Forked by scale.ts.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type Handler = (request: Request, context: unknown) => Promise<Response>;

export interface PageTime {
  path: string;
  status: number;
  bytes: number;
  /** The first view in this process: nothing of the page is warm but the code. */
  firstMs: number;
  /** The median of the five views after it. */
  ms: number;
}

const [module, ...paths] = process.argv.slice(2);
const handler = ((await import(pathToFileURL(module!).href)) as { default: Handler }).default;
const cookie = process.env.BENCH_COOKIE!;
const context = { ip: '127.0.0.1', params: {}, site: {}, deploy: {}, geo: {}, cookies: { get: () => undefined }, waitUntil: () => undefined };

const view = async (path: string) => {
  const started = performance.now();
  const response = await handler(new Request(`http://localhost${path}`, { headers: { cookie, 'accept-language': 'en' } }), context);
  // Counted as it streams, as a client downloads it: holding the whole body here would add it to the function's peak.
  let bytes = 0;
  for await (const chunk of response.body ?? []) bytes += chunk.byteLength;
  return { ms: performance.now() - started, status: response.status, bytes };
};

// The code's first run (module loading, the first connection) is not a page's: one unmeasured view of a light page.
if (paths.length > 1) await view('/admin/print/');
const times: PageTime[] = [];
for (const path of paths) {
  const first = await view(path);
  const again: number[] = [];
  // One path alone is the CSV export: one export per fresh process, as its peak memory is measured.
  for (let i = 0; i < (paths.length > 1 ? 5 : 0); i++) again.push((await view(path)).ms);
  times.push({ path, status: first.status, bytes: first.bytes, firstMs: first.ms, ms: again.sort((a, b) => a - b)[2] ?? first.ms });
}
// The process's peak memory (VmHWM, KiB → MiB), for the CSV export's figure. Not getrusage's maxRSS: Linux
// counts in it the parent's memory at fork time, and the parent holds a PGlite database.
const peakKiB = Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
process.send!({ times, peakMiB: peakKiB / 1024 });
process.exit(0);
