import { Resend } from 'resend';
import { assertBatchSize, type MailError, type Mailer } from './mailer.ts';

type ResendLikeError = { message: string; statusCode?: number | null };

/** Seconds (or an HTTP date) in a `Retry-After` header, as ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function toMailError(error: ResendLikeError, headers?: Record<string, string> | null): MailError {
  const statusCode = error.statusCode ?? undefined;
  const wait = retryAfterMs(headers?.['retry-after']);
  return {
    message: error.message,
    statusCode,
    retryable: statusCode === undefined || statusCode === 429 || statusCode >= 500,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  };
}

/** Sends through Resend. Its `{ data, error }` answers become results; nothing is ignored. */
export function resendMailer(options: { apiKey: string; from: string; baseUrl?: string }): Mailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const payload = (message: Parameters<Mailer['send']>[0]) => ({
    from: options.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    ...(message.headers ? { headers: message.headers } : {}),
    ...(message.tags ? { tags: message.tags } : {}),
  });

  /** Resend's `{ data, error }` answer as a result; a throw (the network) as a retryable error. */
  async function answer<T, R>(call: () => Promise<{ data: T | null; error: ResendLikeError | null; headers: Record<string, string> | null }>, ok: (data: T) => R, noData: string) {
    try {
      const { data, error, headers } = await call();
      return error || !data ? { ok: false as const, error: toMailError(error ?? { message: noData }, headers) } : ok(data);
    } catch (error) {
      return { ok: false as const, error: { message: String(error), retryable: true } };
    }
  }

  return {
    kind: 'resend',
    from: options.from,
    // Resend keeps its own logs of sent emails; the owner deletes them there (README, Privacy).
    forget: async () => 0,
    send: (message, sendOptions) => answer(() => resend.emails.send(payload(message), sendOptions), (data) => ({ ok: true as const, id: data.id }), 'Resend returned no id'),
    async sendBatch(messages, sendOptions) {
      assertBatchSize(messages);
      return answer(() => resend.batch.send(messages.map(payload), sendOptions), (data) => ({ ok: true as const, ids: data.data.map((sent) => sent.id) }), 'Resend returned no ids');
    },
  };
}
