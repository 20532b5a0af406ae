import type { APIRoute } from 'astro';
import { contentEditorSettings } from '../app.ts';
import { readBody } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import { endpoint, fieldErrors } from '../http/respond.ts';
import { editableOnly, editorRequest } from './file-access.ts';

/**
 * The editor's file API under `npm start` only: decap-server's file-system handlers inside astro dev, behind the
 * owner's session (no second process or open port), limited to the content and picture folders (file-access.ts).
 */
export const prerender = false;

/** A picture travels base64-encoded in one JSON body: room for a large photo. */
const MAX_REQUEST_BYTES = 20 * 1024 * 1024;

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

/** Runs decap-server's handlers on a checked request, as express would; their status and JSON answer. */
async function runDecap(body: unknown): Promise<{ status: number; answer: unknown }> {
  handlers ??= decapHandlers();
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
  // The first handler validates the request; the next one does the work.
  for (const handler of await handlers) {
    let next = false;
    await handler({ body }, res, () => (next = true));
    if (!next) break;
  }
  return { status, answer };
}

const handle = endpoint(['POST'], async (request) => {
  if (!request.headers.get('content-type')?.startsWith('application/json')) throw new HttpError(415, 'Send JSON');
  const root = contentEditorSettings().localRoot;
  const checked = await editorRequest(root).safeParseAsync((await readBody(request, MAX_REQUEST_BYTES)).data);
  if (!checked.success) throw new HttpError(400, 'Not a request of the editor, or a path outside the content and picture folders', fieldErrors(checked.error));
  const { status, answer } = await runDecap(checked.data);
  // A listing reads what its folder holds: leave out anything reached through a link to outside.
  const listed = Array.isArray(answer) && (checked.data.action === 'entriesByFolder' || checked.data.action === 'getMedia');
  const shown = listed ? await editableOnly(root, answer as { path?: unknown; file?: { path?: unknown } }[], (entry) => entry.file?.path ?? entry.path) : answer;
  return Response.json(shown ?? null, { status });
});

export const POST: APIRoute = ({ request }) => handle(request);
