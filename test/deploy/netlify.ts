import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { entryModule, type BundledFunction } from './bundle.ts';
import type { Answer, Invocation } from './lambda.ts';

export interface Call {
  method?: string;
  /** Path and query, e.g. `/admin/?lang=es`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Result extends Answer {
  function: string;
  call: Call;
  /** What the function's process printed while answering (console.error of a 500, warnings). */
  logs: string;
}

const runner = join(import.meta.dirname, 'lambda.ts');

/**
 * The variables Netlify gives every function at run time (and nothing of this
 * process's own environment), plus the site's variables from its settings.
 * The database: Netlify gives NETLIFY_DB_URL with its serverless driver (Neon's, over HTTPS and WebSockets,
 * which cannot run offline); here the same variable points node-postgres at a real PostgreSQL server.
 */
export function netlifyEnv(siteUrl: string, siteVariables: Record<string, string>, databaseUrl: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TZ: 'UTC',
    SITE_ID: 'deploy-test-site',
    SITE_NAME: 'vuelve-deploy-test',
    URL: siteUrl,
    DEPLOY_URL: siteUrl,
    DEPLOY_ID: 'deploy-test-deploy',
    CONTEXT: 'production',
    NETLIFY_DB_URL: databaseUrl,
    NETLIFY_DB_DRIVER: 'server',
    ...siteVariables,
  };
}

/**
 * Runs bundled functions as Netlify does: each function in its own process, started
 * at its bundle folder with only Netlify's variables, called with a Web Request and
 * Netlify's context. Processes stay up between calls, as warm Lambda instances do.
 */
export class NetlifyFunctions {
  private readonly processes = new Map<string, { child: ChildProcess; logs: string[]; seqs: Set<number> }>();
  private readonly pending = new Map<number, (answer: Answer) => void>();
  private seq = 0;

  private readonly functions: BundledFunction[];
  private readonly env: Record<string, string>;

  constructor(functions: BundledFunction[], env: Record<string, string>) {
    this.functions = functions;
    this.env = env;
  }

  private process(fn: BundledFunction) {
    let running = this.processes.get(fn.name);
    if (!running) {
      const child = fork(runner, [entryModule(fn)], { cwd: fn.path, env: this.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
      const logs: string[] = [];
      const seqs = new Set<number>();
      for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
      child.on('message', (answer: Answer) => this.pending.get(answer.seq)?.(answer));
      child.on('exit', (code) => {
        for (const [seq, resolve] of this.pending) if (seqs.has(seq)) resolve({ seq, status: 500, headers: [], body: '', thrown: `the function's process exited (${code}): ${logs.join('')}` });
      });
      running = { child, logs, seqs };
      this.processes.set(fn.name, running);
    }
    return running;
  }

  /** Calls the function `name` with `call`; what it printed meanwhile comes back as `logs`. */
  async invoke(name: string, call: Call, params: Record<string, string> = {}): Promise<Result> {
    const fn = this.functions.find((candidate) => candidate.name === name);
    if (!fn) throw new Error(`No function ${name} in the bundle`);
    const { child, logs, seqs } = this.process(fn);
    const before = logs.length;
    const seq = ++this.seq;
    const url = new URL(call.path, this.env.URL).href;
    const ip = '203.0.113.10';
    const invocation: Invocation = {
      seq,
      url,
      method: call.method ?? 'GET',
      // Netlify's proxy sets the client's address; browsers send these on a same-site form post.
      headers: Object.entries({ 'x-nf-client-connection-ip': ip, 'x-nf-request-id': randomUUID(), ...call.headers }),
      body: call.body,
      context: {
        ip,
        params,
        requestId: randomUUID(),
        site: { id: this.env.SITE_ID, name: this.env.SITE_NAME, url: this.env.URL },
        deploy: { id: this.env.DEPLOY_ID, context: this.env.CONTEXT, published: true },
        account: { id: 'deploy-test-account' },
        server: { region: 'us-east-2' },
        geo: { city: 'Madrid', country: { code: 'ES', name: 'Spain' }, timezone: 'Europe/Madrid' },
      },
    };
    const answer = await new Promise<Answer>((resolve) => {
      this.pending.set(seq, resolve);
      seqs.add(seq);
      child.send(invocation);
    });
    this.pending.delete(seq);
    seqs.delete(seq);
    return { ...answer, function: name, call, logs: logs.slice(before).join('') };
  }

  async close(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(({ child }) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill())))),
    );
    this.processes.clear();
  }
}

/** Every file under `dir` with its size and modification time: to prove a run wrote nothing there. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => {
      const stat = statSync(join(dir, name));
      return stat.isDirectory() ? '' : `${name} ${stat.size} ${stat.mtimeMs}`;
    })
    .filter(Boolean)
    .sort();
}
