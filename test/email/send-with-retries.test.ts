import { describe, expect, test } from 'vitest';
import { backoffMs, sendWithRetries, type Mailer, type SendResult } from '../../src/email/mailer.ts';

/** A mailer that answers the given results in turn and records each call's key. */
function scripted(results: SendResult[]) {
  const keys: (string | undefined)[] = [];
  const mailer: Mailer = {
    kind: 'resend',
    from: 'shop@example.com',
    send: async (_message, options) => (keys.push(options?.idempotencyKey), results.shift()!),
    sendBatch: async () => ({ ok: false, error: { message: 'unused', retryable: false } }),
    forget: async () => 0,
  };
  return { mailer, keys };
}

const message = { to: 'ana@example.com', subject: 'Hola', html: '<p>Hola</p>', text: 'Hola' };
const busy = (retryAfterMs?: number): SendResult => ({ ok: false, error: { message: 'Too many requests', statusCode: 429, retryable: true, retryAfterMs } });

describe('sendWithRetries()', () => {
  test('tries again after a rate limit, waiting the provider\'s Retry-After when longer than the backoff, with the same key', async () => {
    const { mailer, keys } = scripted([busy(5000), busy(), { ok: true, id: 'm1' }]);
    const waits: number[] = [];
    const result = await sendWithRetries(mailer, message, { idempotencyKey: 'k1', sleep: async (ms) => void waits.push(ms) });
    expect(result).toEqual({ ok: true, id: 'm1' });
    expect(waits).toEqual([5000, 2000]);
    expect(keys).toEqual(['k1', 'k1', 'k1']);
  });

  test('gives up at once on a permanent error, and after maxAttempts on a lasting outage', async () => {
    const permanent = scripted([{ ok: false, error: { message: 'Invalid to', statusCode: 422, retryable: false } }]);
    expect(await sendWithRetries(permanent.mailer, message, { sleep: async () => {} })).toMatchObject({ ok: false, error: { statusCode: 422 } });
    expect(permanent.keys).toHaveLength(1);
    const outage = scripted([busy(), busy(), busy()]);
    expect(await sendWithRetries(outage.mailer, message, { maxAttempts: 3, sleep: async () => {} })).toMatchObject({ ok: false, error: { retryable: true } });
    expect(outage.keys).toHaveLength(3);
  });

  test('backoffMs() doubles from the base and is capped at 16 times it', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffMs(attempt))).toEqual([1000, 2000, 4000, 8000, 16000, 16000, 16000]);
    expect([1, 2, 6].map((attempt) => backoffMs(attempt, 10))).toEqual([10, 20, 160]);
  });
});
