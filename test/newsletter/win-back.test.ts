import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { sendWinBack } from '../../src/newsletter/win-back.ts';
import { engines } from '../support/db.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { addCardHolder, suppress } from '../support/newsletter.ts';
import { testApp } from '../support/temp.ts';

const offer = { en: 'a double stamp', es: 'un sello doble' };

describe.each(engines)('sendWinBack() on %s', { timeout: 60_000 }, (engine) => {
  let fake: FakeResend;
  let app: App;
  let clock: Awaited<ReturnType<typeof testApp>>['clock'];
  const winBacks = () => fake.delivered.filter((e) => e.tags?.some((t) => t.value === 'win-back'));

  /** A card holder registered and stamped now; subscribed (confirmed) to the newsletter or not. */
  async function customer(card: string, name: string, email: string, locale: 'en' | 'es', subscribed: boolean): Promise<void> {
    const at = app.now().toISOString();
    await addCardHolder(app.db, { card, email, name, locale, registeredAt: at, stamps: [at] });
    if (subscribed) await app.db.query(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, updated_at) VALUES ($1, 'confirmed', $2, 'card', $3, $3, $3)`, [email, locale, at]);
  }
  const stamp = (card: string, seq: number) => app.db.query(`INSERT INTO card_events (card_id, type, seq, at, idempotency_key) VALUES ($1, 'stamp', $2, $3, $4)`, [card, seq, app.now(), `again-${card}-${seq}`]);

  beforeEach(async () => {
    fake = await startFakeResend();
    ({ app, clock } = await testApp({ RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SITE_URL: 'https://brasa.example', SESSION_SECRET: 'test-secret' }, engine));
    clock.set('2026-08-01T10:00:00Z');
    await customer('c0', 'Ana', 'ana@example.com', 'en', true);
    await customer('c1', 'Bea', 'bea@example.com', 'es', true);
    await customer('c2', 'Carl', 'carl@example.com', 'en', false);
    await customer('c3', 'Eve', 'eve@example.com', 'en', true);
    await suppress(app.db, 'eve@example.com', 'complained', app.now());
    clock.set('2026-11-20T10:00:00Z');
    await customer('c4', 'Dan', 'dan@example.com', 'en', true);
    clock.set('2026-11-26T10:00:00Z');
  });
  afterEach(async () => {
    await fake.close();
    await app.db.close();
  });

  test('emails subscribed card holders with no stamp for N days, in their language, with the unsubscribe headers', async () => {
    expect(await sendWinBack(app, { afterDays: 60, offer })).toEqual({ sent: 2, skipped: 0, failed: 0, pending: 0 });
    const mails = new Map(winBacks().map((e) => [String(e.to), e]));
    // Carl never subscribed, Dan was in six days ago, Eve reported an email as spam.
    expect([...mails.keys()].sort()).toEqual(['ana@example.com', 'bea@example.com']);
    expect(mails.get('ana@example.com')!.subject).toBe('We miss you at Brasa Coffee Roasters');
    expect(mails.get('bea@example.com')!.subject).toBe('Le echamos de menos en Brasa Coffee Roasters');
    expect(mails.get('bea@example.com')!.text).toContain('un sello doble');
    for (const mail of mails.values()) {
      expect(mail.headers?.['List-Unsubscribe']).toMatch(/^<https:\/\/brasa\.example\/api\/unsubscribe\?token=/);
      expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    }
  });

  test('once per lapse: a second run sends nothing; a new stamp and a new lapse send again', async () => {
    await sendWinBack(app, { afterDays: 60 });
    expect(await sendWinBack(app, { afterDays: 60 })).toEqual({ sent: 0, skipped: 2, failed: 0, pending: 0 });
    expect(winBacks()).toHaveLength(2);
    clock.set('2026-11-27T10:00:00Z');
    await stamp('c0', 2);
    expect(await sendWinBack(app, { afterDays: 60 })).toMatchObject({ sent: 0, skipped: 1 });
    clock.set('2027-01-27T10:00:00Z');
    expect(await sendWinBack(app, { afterDays: 60 })).toMatchObject({ sent: 2, skipped: 1 }); // Ana's new lapse, and Dan's first
    expect(winBacks().filter((e) => e.to === 'ana@example.com')).toHaveLength(2);
    expect(await app.db.query(`SELECT email, status FROM win_back_sends ORDER BY email, lapse_from`)).toEqual([
      { email: 'ana@example.com', status: 'sent' },
      { email: 'ana@example.com', status: 'sent' },
      { email: 'bea@example.com', status: 'sent' },
      { email: 'dan@example.com', status: 'sent' },
    ]);
  });

  test('five runs at once: one email per address and lapse', async () => {
    const reports = await Promise.all(Array.from({ length: 5 }, () => sendWinBack(app, { afterDays: 60 })));
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(2);
    expect(winBacks().map((e) => e.to).sort()).toEqual(['ana@example.com', 'bea@example.com']);
  });

  test('an outage leaves the email to the next run, under the same idempotency key', async () => {
    fake.fail(500, 500, 500, 500, 500, 500, 500, 500);
    expect(await sendWinBack(app, { afterDays: 60, maxAttempts: 4, sleep: async () => undefined })).toMatchObject({ sent: 0, pending: 2 });
    expect(await sendWinBack(app, { afterDays: 60 })).toMatchObject({ sent: 2 });
    const keys = fake.calls.map((c) => c.idempotencyKey).filter((key) => key?.startsWith('winback-'));
    expect(keys.length).toBeGreaterThan(2);
    expect(new Set(keys).size).toBe(2);
  });
});
