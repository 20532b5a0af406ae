/** One email, ready to send: both an HTML and a plain-text part. */
export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  replyTo?: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /** Provider tags (Resend sends them back in its webhooks): which issue, which kind of email. */
  tags?: { name: string; value: string }[];
}

export interface SendOptions {
  /** The same key never sends twice (Resend honours it for 24 hours; the outbox for ever). */
  idempotencyKey?: string;
}

export interface MailError {
  message: string;
  /** HTTP status when the provider answered, undefined when it could not be reached. */
  statusCode?: number;
  /** true for rate limits, provider outages and network failures: try again later. */
  retryable: boolean;
  /** The provider's `Retry-After`, in ms, when it sent one (rate limits). */
  retryAfterMs?: number;
}

export type SendResult = { ok: true; id: string } | { ok: false; error: MailError };
export type BatchResult = { ok: true; ids: string[] } | { ok: false; error: MailError };

/** The one way any code sends email. Expected failures are values, never thrown. */
export interface Mailer {
  /** `none`: on Netlify without Resend set up, nothing can be sent (see unsent-mailer.ts). */
  readonly kind: 'resend' | 'outbox' | 'none';
  readonly from: string;
  send(message: EmailMessage, options?: SendOptions): Promise<SendResult>;
  /** Up to 100 messages in one call. */
  sendBatch(messages: EmailMessage[], options?: SendOptions): Promise<BatchResult>;
  /** Erasure: removes the copies this mailer keeps of emails to or about an address (Resend's own logs: README); how many. */
  forget(email: string): Promise<number>;
}

export const MAX_BATCH = 100;

export function assertBatchSize(messages: EmailMessage[]): void {
  if (messages.length === 0 || messages.length > MAX_BATCH) {
    throw new Error(`A batch holds 1 to ${MAX_BATCH} emails, not ${messages.length}`);
  }
}

export interface RetryOptions {
  /** Calls in all, the first included (default 4). */
  maxAttempts?: number;
  /** Injected in tests so a retry takes no time. */
  sleep?: (ms: number) => Promise<void>;
  /** The first wait (default 1 s); each next one doubles. */
  backoffBaseMs?: number;
  /** Told before each wait; may throw to give up instead (a run out of time). */
  beforeWait?: (ms: number, error: MailError, attempt: number) => void;
}

/** Wait before retry `attempt` (1-based) of a rate-limited or failed call: 1 s, 2 s, 4 s … capped at 16 s. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  return Math.min(16 * baseMs, baseMs * 2 ** (attempt - 1));
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls the mailer again after a rate limit, an outage or a network error (backoffMs, or the provider's longer
 * Retry-After). Pass the same idempotency key every time, so a retry after a lost answer never sends twice.
 * @example await withRetries(() => mailer.sendBatch(messages, { idempotencyKey }), { maxAttempts: 5 })
 */
export async function withRetries<R extends SendResult | BatchResult>(call: () => Promise<R>, options: RetryOptions = {}): Promise<R> {
  const { maxAttempts = 4, sleep = realSleep } = options;
  for (let attempt = 1; ; attempt++) {
    const result = await call();
    if (result.ok || !result.error.retryable || attempt >= maxAttempts) return result;
    const wait = Math.max(backoffMs(attempt, options.backoffBaseMs), result.error.retryAfterMs ?? 0);
    options.beforeWait?.(wait, result.error, attempt);
    await sleep(wait);
  }
}

/** Sends one email with retries (see withRetries). */
export function sendWithRetries(mailer: Mailer, message: EmailMessage, options: SendOptions & RetryOptions): Promise<SendResult> {
  return withRetries(() => mailer.send(message, { idempotencyKey: options.idempotencyKey }), options);
}
