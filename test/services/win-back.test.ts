import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { issueBatch } from '../../src/services/issue-batch.ts';
import { updateSubscriber } from '../../src/services/newsletter-store.ts';
import { registerCard } from '../../src/services/register-card.ts';
import { stampCard } from '../../src/services/stamp-card.ts';
import { suppress } from '../../src/services/suppressions.ts';
import { sendWinBack } from '../../src/services/win-back.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { testApp } from '../support/temp.ts';

let fake: FakeResend;
let app: App;
let clock: Awaited<ReturnType<typeof testApp>>['clock'];
let codes: string[];
const programme = readProgramme();
const offer = { en: 'a double stamp', es: 'un sello doble' };

async function customer(index: number, name: string, email: string, language: 'en' | 'es', subscribed: boolean): Promise<void> {
  await registerCard(app, codes[index]!, { name, email, language, newsletter: subscribed, birthday: null }, '192.0.2.1');
  if (subscribed) {
    const stamp = app.now().toISOString();
    await updateSubscriber(app.store, email, (d) => void (d.subscriber = { email, status: 'confirmed', locale: language, source: 'card', subscribedAt: stamp, confirmedAt: stamp, updatedAt: stamp }));
  }
  await stampCard(app, programme, { code: codes[index]!, key: `stamp-${index}-${app.now().getTime()}` });
}

const winBacks = () => fake.delivered.filter((e) => e.tags?.some((t) => t.value === 'win-back'));

beforeEach(async () => {
  fake = await startFakeResend();
  ({ app, clock } = await testApp({ RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SITE_URL: 'https://brasa.example', SESSION_SECRET: 'test-secret' }));
  clock.set('2026-08-01T10:00:00Z');
  ({ codes } = await issueBatch(app, 6));
  await customer(0, 'Ana', 'ana@example.com', 'en', true);
  await customer(1, 'Bea', 'bea@example.com', 'es', true);
  await customer(2, 'Carl', 'carl@example.com', 'en', false);
  await customer(3, 'Eve', 'eve@example.com', 'en', true);
  await suppress(app, 'eve@example.com', { reason: 'complained' });
  clock.set('2026-11-20T10:00:00Z');
  await customer(4, 'Dan', 'dan@example.com', 'en', true);
  clock.set('2026-11-26T10:00:00Z');
});
afterEach(async () => {
  await fake.close();
});

describe('sendWinBack()', { timeout: 30_000 }, () => {
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
    await stampCard(app, programme, { code: codes[0]!, key: 'ana-comes-back' });
    expect(await sendWinBack(app, { afterDays: 60 })).toMatchObject({ sent: 0, skipped: 1 });
    clock.set('2027-01-27T10:00:00Z');
    expect(await sendWinBack(app, { afterDays: 60 })).toMatchObject({ sent: 2, skipped: 1 }); // Ana's new lapse, and Dan's first
    expect(winBacks().filter((e) => e.to === 'ana@example.com')).toHaveLength(2);
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
