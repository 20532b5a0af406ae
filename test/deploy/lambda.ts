// One function's process, as Netlify runs a function: started with the working
// folder at the function's bundle folder and Netlify's variables, it imports the
// bundled module once and answers the requests the deploy test sends it over IPC.
import { pathToFileURL } from 'node:url';

export interface Invocation {
  seq: number;
  url: string;
  method: string;
  headers: [string, string][];
  body?: string;
  /** What Netlify passes as the second argument (client address, params, site, deploy). */
  context: Record<string, unknown>;
}

export interface Answer {
  seq: number;
  status: number;
  headers: [string, string][];
  body: string;
  /** Set when the handler threw instead of answering (Netlify then answers 500). */
  thrown?: string;
}

type Handler = (request: Request, context: unknown) => Promise<Response>;

const module = process.argv[2]!;
let handler: Promise<Handler> | undefined;

process.on('message', async (message: Invocation) => {
  const { seq, url, method, headers, body, context } = message;
  try {
    handler ??= import(pathToFileURL(module).href).then((mod: { default: Handler }) => mod.default);
    const response = await (await handler)(new Request(url, { method, headers, body }), context);
    const answer: Answer = { seq, status: response.status, headers: [...response.headers], body: await response.text() };
    process.send!(answer);
  } catch (error) {
    process.send!({ seq, status: 500, headers: [], body: '', thrown: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Answer);
  }
});
