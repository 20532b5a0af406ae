import type { APIRoute } from 'astro';
import { contentEditorSettings } from '../app.ts';

/**
 * The editor's file API under `npm start` only (injected by integration.ts in dev):
 * decap-server's own file-system handlers, run inside astro dev behind the
 * owner's session (src/middleware.ts guards /admin/), so no second process or
 * open port is needed. It writes `content/` under CMS_LOCAL_ROOT.
 */
export const prerender = false;

type Handler = (req: { body: unknown }, res: FakeResponse, next: () => void) => unknown;
interface FakeResponse {
  status(code: number): FakeResponse;
  json(body: unknown): void;
}

let handlers: Promise<Handler[]> | undefined;

async function decapHandlers(): Promise<Handler[]> {
  const { registerLocalFs } = (await import('decap-server/dist/middlewares.js')).default;
  const found: Handler[] = [];
  // decap-server takes its folder from this variable when it registers (its own CLI sets it the same way).
  process.env.GIT_REPO_DIRECTORY = contentEditorSettings().localRoot;
  // Its express-level middlewares (CORS, body parser, access log) have no use here: Astro already parsed the request.
  await registerLocalFs({ use: () => undefined, post: (_path, handler) => void found.push(handler as Handler) });
  return found;
}

export const POST: APIRoute = async ({ request }) => {
  if (!request.headers.get('content-type')?.startsWith('application/json')) return Response.json({ error: 'Send JSON' }, { status: 415 });
  handlers ??= decapHandlers();
  const chain = await handlers;
  const body = (await request.json()) as unknown;
  let status = 200;
  let answer: unknown;
  const res: FakeResponse = {
    status(code) {
      status = code;
      return res;
    },
    json(value) {
      answer = value;
    },
  };
  // The first handler validates the request (paths stay inside the folder); the next one does the work.
  for (const handler of chain) {
    let next = false;
    await handler({ body }, res, () => (next = true));
    if (!next) break;
  }
  return Response.json(answer ?? null, { status });
};
