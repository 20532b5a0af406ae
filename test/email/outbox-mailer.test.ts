import { describe, expect, test } from 'vitest';
import { outboxMailer } from '../../src/email/outbox-mailer.ts';
import { readOutbox, tempDir } from '../support/temp.ts';

const message = { to: 'ana@example.com', subject: 'Gracias, Ana ☕', html: '<p>Hola</p>', text: 'Hola', headers: { 'List-Unsubscribe': '<https://x/u>' } };

describe('outboxMailer()', () => {
  test('writes a readable .eml with both parts and the extra headers', async () => {
    const dir = await tempDir();
    const mailer = outboxMailer({ directory: `${dir}/outbox`, from: 'Shop <shop@example.com>', log: () => {} });
    const result = await mailer.send(message);
    expect(result.ok).toBe(true);
    const [mail] = await readOutbox(dir);
    expect(mail?.headers).toMatchObject({ to: 'ana@example.com', subject: 'Gracias, Ana ☕', from: 'Shop <shop@example.com>', 'list-unsubscribe': '<https://x/u>' });
    expect(mail?.text).toBe('Hola');
    expect(mail?.html).toBe('<p>Hola</p>');
  });

  test('an idempotency key used before sends nothing again', async () => {
    const dir = await tempDir();
    const mailer = outboxMailer({ directory: `${dir}/outbox`, from: 'a@b.c', log: () => {} });
    const first = await mailer.sendBatch([message, { ...message, to: 'b@example.com' }], { idempotencyKey: 'k1' });
    const again = await mailer.sendBatch([message, { ...message, to: 'b@example.com' }], { idempotencyKey: 'k1' });
    expect(again).toEqual(first);
    expect(await readOutbox(dir)).toHaveLength(2);
  });

  test('mailers of separate processes sending at once (npm start: a worker per request) all succeed and each remembers its key', async () => {
    const dir = await tempDir();
    // Each instance as a separate worker would have it: no queue shared between them.
    const mailers = Array.from({ length: 25 }, () => outboxMailer({ directory: `${dir}/outbox`, from: 'a@b.c', log: () => {} }));
    const sent = await Promise.all(mailers.map((mailer, i) => mailer.send({ ...message, to: `p${i}@example.com` }, { idempotencyKey: `alert-${i}` })));
    expect(sent.every((result) => result.ok)).toBe(true);
    const again = await Promise.all(mailers.map((mailer, i) => mailer.send({ ...message, to: `p${i}@example.com` }, { idempotencyKey: `alert-${i}` })));
    expect(again).toEqual(sent);
    expect(await readOutbox(dir)).toHaveLength(25);
  });

  test('refuses an empty batch or one over 100', async () => {
    const mailer = outboxMailer({ directory: await tempDir(), from: 'a@b.c', log: () => {} });
    await expect(mailer.sendBatch([])).rejects.toThrow(/1 to 100/);
    await expect(mailer.sendBatch(Array(101).fill(message))).rejects.toThrow(/1 to 100/);
  });
});
