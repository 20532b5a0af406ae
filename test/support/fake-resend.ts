import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';

/** An email as the fake Resend received it (the API's snake_case JSON). */
export interface ReceivedEmail {
  from: string;
  to: string | string[];
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
  id: string;
}

export interface ReceivedCall {
  path: string;
  idempotencyKey: string | undefined;
  status: number;
  count: number;
}

/**
 * A fake Resend API on loopback (POST /emails and /emails/batch) for tests and
 * benchmarks: point the SDK at `url` with baseUrl / RESEND_BASE_URL. It honours
 * Idempotency-Key as Resend does (the same key answers the first answer again and
 * delivers nothing twice), refuses batches over 100 and addresses matching
 * `rejectAddress` with 422, and answers 429 or 500 on demand. With
 * `perSecond`, it rate-limits as Resend does: calls past that many in one
 * second get 429 with a `Retry-After` header. With `lean`, it keeps no email bodies (a bench sending 50,000
 * emails would otherwise hold a gigabyte of them).
 */
export async function startFakeResend(options: { rejectAddress?: (to: string) => boolean; perSecond?: number; retryAfterSeconds?: number; lean?: boolean } = {}) {
  const calls: ReceivedCall[] = [];
  const delivered: ReceivedEmail[] = [];
  const answered = new Map<string, { status: number; body: unknown }>();
  const planned: number[] = [];
  let crashAfter: number | undefined;
  const recent: number[] = [];

  const read = (request: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      request.on('error', reject);
    });

  const error = (status: number, name: string, message: string) => ({ status, body: { statusCode: status, name, message } });

  function overLimit(): boolean {
    if (!options.perSecond) return false;
    const now = Date.now();
    while (recent.length > 0 && recent[0]! <= now - 1000) recent.shift();
    if (recent.length >= options.perSecond) return true;
    recent.push(now);
    return false;
  }

  function handle(path: string, payload: unknown): { status: number; body: unknown } {
    const forced = planned.shift();
    if (forced === 429 || overLimit()) return error(429, 'rate_limit_exceeded', 'Too many requests');
    if (forced) return error(forced, 'internal_server_error', 'Something went wrong');
    const emails = (path === '/emails/batch' ? payload : [payload]) as Omit<ReceivedEmail, 'id'>[];
    if (!Array.isArray(emails) || emails.length === 0 || emails.length > 100) return error(422, 'validation_error', 'A batch holds 1 to 100 emails');
    const bad = emails.find((email) => [email.to].flat().some((to) => options.rejectAddress?.(to)));
    if (bad) return error(422, 'validation_error', `Invalid \`to\` field: ${String(bad.to)}`);
    const accepted = emails.map((email) => ({ ...email, ...(options.lean ? { html: '', text: '' } : {}), id: randomUUID() }));
    delivered.push(...accepted);
    const ids = accepted.map(({ id }) => ({ id }));
    return { status: 200, body: path === '/emails/batch' ? { data: ids } : ids[0] };
  }

  const server = createServer((request, response) => {
    void read(request).then((raw) => {
      const path = request.url ?? '';
      const key = request.headers['idempotency-key'] as string | undefined;
      let answer: { status: number; body: unknown };
      if (request.method !== 'POST' || (path !== '/emails' && path !== '/emails/batch')) answer = error(404, 'not_found', 'Not found');
      else if (key && answered.has(`${path} ${key}`)) answer = answered.get(`${path} ${key}`)!;
      else {
        answer = handle(path, JSON.parse(raw) as unknown);
        // Resend remembers a key only for answers it processed (not rate limits or outages).
        if (key && answer.status < 429) answered.set(`${path} ${key}`, answer);
      }
      const count = path === '/emails/batch' ? (JSON.parse(raw || '[]') as unknown[]).length : 1;
      calls.push({ path, idempotencyKey: key, status: answer.status, count });
      if (crashAfter !== undefined && calls.filter((c) => c.status === 200).length > crashAfter) {
        // The connection dies after the work was done: the client never learns it succeeded.
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.status === 429 ? { 'retry-after': String(options.retryAfterSeconds ?? 1) } : {}) });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    delivered,
    /** The next calls answer these statuses (429, 500…) instead of being processed. */
    fail(...statuses: number[]) {
      planned.push(...statuses);
    },
    /** After `n` accepted calls, every further accepted call is processed but its connection is cut. */
    crashAfter(n: number | undefined) {
      crashAfter = n;
    },
    /** How many times each address received an email. */
    receivedCount(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const email of delivered) for (const to of [email.to].flat()) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeResend = Awaited<ReturnType<typeof startFakeResend>>;

/**
 * A webhook event as Resend posts it about an email the fake accepted: the
 * payload shape of Resend's docs (type, created_at, data with email_id, to, tags).
 */
export function resendEvent(type: string, email: ReceivedEmail, extra: Record<string, unknown> = {}) {
  return {
    type,
    created_at: new Date().toISOString(),
    data: {
      email_id: email.id,
      created_at: new Date().toISOString(),
      from: email.from,
      to: [email.to].flat(),
      subject: email.subject,
      ...(email.tags ? { tags: email.tags } : {}),
      ...extra,
    },
  };
}

/**
 * A webhook delivery signed the Svix way with `secret`, as Resend sends it.
 * `at` backdates the signature (a stale delivery); `id` repeats one (a replay).
 */
export async function signedDelivery(url: string, secret: string, event: unknown, options: { id?: string; at?: Date; signWith?: string } = {}): Promise<Request> {
  const { Webhook } = await import('svix');
  const body = JSON.stringify(event);
  const id = options.id ?? `msg_${randomUUID().replace(/-/g, '')}`;
  const at = options.at ?? new Date();
  const signature = new Webhook(options.signWith ?? secret).sign(id, at, body);
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature },
    body,
  });
}
