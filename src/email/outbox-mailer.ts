import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addressesIn } from '../domain/redact.ts';
import { assertBatchSize, type EmailMessage, type Mailer } from './mailer.ts';

/** RFC 2047 encoded-word, so that accents survive in a header. */
function encodeHeader(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
}

function base64Lines(body: string): string {
  return Buffer.from(body).toString('base64').replace(/.{76}/g, '$&\r\n');
}

/** A message as a standard .eml file that any mail program opens. */
export function toEml(from: string, message: EmailMessage, id: string, date: Date): string {
  const boundary = `vuelve-${id}`;
  const headers: Record<string, string> = {
    'Message-ID': `<${id}@outbox.vuelve.local>`,
    Date: date.toUTCString(),
    From: from,
    To: message.to,
    Subject: encodeHeader(message.subject),
    ...(message.replyTo ? { 'Reply-To': message.replyTo } : {}),
    ...message.headers,
    'MIME-Version': '1.0',
    'Content-Type': `multipart/alternative; boundary="${boundary}"`,
  };
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join('\r\n');
  return [
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    part('text/plain', message.text),
    part('text/html', message.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/** Whether an .eml file is to or about an address: its headers, or a part of its body once decoded; whole addresses, any case. */
export function emlMentions(eml: string, email: string): boolean {
  const [head = '', ...rest] = eml.split('\r\n\r\n');
  const parts = rest.join('\r\n\r\n').match(/^[A-Za-z0-9+/=\r\n]{16,}$/gm) ?? [];
  const texts = [head, ...parts.map((part) => Buffer.from(part.replace(/\r\n/g, ''), 'base64').toString('utf8'))];
  return texts.some((text) => addressesIn(text).some((found) => found.toLowerCase() === email.toLowerCase()));
}

/** Writes every message to a folder as an .eml file instead of sending it; a key used before sends nothing again, as with Resend. */
export function outboxMailer(options: { directory: string; from: string; now?: () => Date; log?: (line: string) => void }): Mailer {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line) => console.info(line));
  // A file per key, written whole (temp file, then rename): under npm start every request is a worker of its own,
  // and one shared file read and rewritten by each lost keys and was read half-written (500s on concurrent complaints).
  const seenFolder = join(options.directory, '.idempotency');
  const seenFile = (key: string) => join(seenFolder, `${createHash('sha256').update(key).digest('hex')}.json`);

  async function write(message: EmailMessage): Promise<string> {
    const id = randomUUID();
    const date = now();
    // Nothing of the address in the name: an erased address must leave no trace, not even a hash of it.
    const name = `${date.toISOString().replace(/[:.]/g, '-')}-${id.slice(0, 8)}.eml`;
    await mkdir(options.directory, { recursive: true });
    await writeFile(join(options.directory, name), toEml(options.from, message, id, date));
    log(`[outbox] "${message.subject}" to ${message.to} → ${join(options.directory, name)}`);
    return id;
  }

  /** Writes the messages, unless their key was used before: then the ids written that time. */
  async function writeOnce(messages: EmailMessage[], key: string | undefined): Promise<string[]> {
    const stored = !key ? undefined : await readFile(seenFile(key), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stored !== undefined) return JSON.parse(stored) as string[];
    const ids: string[] = [];
    for (const message of messages) ids.push(await write(message));
    if (!key) return ids;
    await mkdir(seenFolder, { recursive: true });
    const temp = `${seenFile(key)}.${randomUUID()}.tmp`;
    await writeFile(temp, JSON.stringify(ids));
    await rename(temp, seenFile(key));
    return ids;
  }

  // One message at a time per instance, so a key sent twice at once from here is written once.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <R>(task: () => Promise<R>): Promise<R> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    kind: 'outbox',
    from: options.from,
    send: (message, sendOptions) => serial(async () => ({ ok: true as const, id: (await writeOnce([message], sendOptions?.idempotencyKey))[0]! })),
    sendBatch: (messages, sendOptions) => serial(async () => {
      assertBatchSize(messages);
      return { ok: true as const, ids: await writeOnce(messages, sendOptions?.idempotencyKey) };
    }),
    forget: (email) => serial(async () => {
      const names = (await readdir(options.directory).catch(() => [] as string[])).filter((name) => name.endsWith('.eml'));
      let removed = 0;
      for (const name of names) {
        const file = join(options.directory, name);
        if (!emlMentions(await readFile(file, 'utf8'), email)) continue;
        await rm(file, { force: true });
        removed++;
      }
      return removed;
    }),
  };
}
