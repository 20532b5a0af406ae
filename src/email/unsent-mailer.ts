import type { MailError, Mailer } from './mailer.ts';

/** On Netlify without Resend set up: every send fails as a value naming what is missing (the file system is read-only). */
export function unsentMailer(options: { from: string; reason: string }): Mailer {
  const error: MailError = { message: options.reason, retryable: false };
  return {
    kind: 'none',
    from: options.from,
    send: async () => ({ ok: false, error }),
    sendBatch: async () => ({ ok: false, error }),
    forget: async () => 0,
  };
}
