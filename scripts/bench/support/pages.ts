// One process per seeded store and function, as Netlify runs them: it imports the
// function's module (the built SSR function of `astro build`, or one of
// netlify/functions/) with the store's variables and times each path, signed in
// as the owner, the way a browser asks for it. Forked by scale.ts.
import { pathToFileURL } from 'node:url';
import { app } from '../../../src/app.ts';
import { logIn } from '../../../src/sessions/sessions.ts';

type Handler = (request: Request, context: unknown) => Promise<Response>;

export interface PageTime {
  path: string;
  status: number;
  bytes: number;
  /** The first view: it may fold closed days into rollups, once. */
  firstMs: number;
  /** Views after the first that still said older activity was being counted (each folds more, within its budget), and their time. */
  foldViews: number;
  foldMs: number;
  /** The median of the five views after it. */
  ms: number;
}

const [module, ...paths] = process.argv.slice(2);
const handler = ((await import(pathToFileURL(module!).href)) as { default: Handler }).default;
const login = await logIn(app(), 'admin', 'bench', process.env.ADMIN_PASSWORD!);
if (!login.ok) throw new Error(`bench sign-in failed: ${login.reason}`);
const cookie = login.setCookie.split(';')[0]!;
const context = { ip: '127.0.0.1', params: {}, site: {}, deploy: {}, geo: {}, cookies: { get: () => undefined }, waitUntil: () => undefined };

const view = async (path: string) => {
  const started = performance.now();
  const response = await handler(new Request(`http://localhost${path}`, { headers: { cookie, 'accept-language': 'en' } }), context);
  // Counted as it streams, as a client downloads it: holding the whole body here would add it to the function's peak.
  let bytes = 0;
  let folding = false;
  const html = response.headers.get('content-type')?.includes('text/html');
  for await (const chunk of response.body ?? []) {
    bytes += chunk.byteLength;
    if (html && !folding) folding = Buffer.from(chunk).includes('data-rollups="folding"');
  }
  return { ms: performance.now() - started, status: response.status, bytes, folding };
};

const times: PageTime[] = [];
for (const path of paths) {
  const first = await view(path);
  // A shop with years stored is folded over several views (each within its budget): time the views after that.
  let [folding, foldViews, foldMs] = [first.folding, 0, 0];
  while (folding && foldViews < 30) {
    const next = await view(path);
    [folding, foldViews, foldMs] = [next.folding, foldViews + 1, foldMs + next.ms];
  }
  const again: number[] = [];
  for (let i = 0; i < 5; i++) again.push((await view(path)).ms);
  times.push({ path, status: first.status, bytes: first.bytes, firstMs: first.ms, foldViews, foldMs, ms: again.sort((a, b) => a - b)[2]! });
}
// The process's peak memory (KiB → MiB), for the CSV export's figure.
process.send!({ times, peakMiB: process.resourceUsage().maxRSS / 1024 });
