import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { z } from 'zod';
import { compileContent } from '../../src/catalog/compile.ts';
import { useContent } from '../../src/catalog/content.ts';
import { birthdayReward, loyaltyContacts, sendBirthdayGreetings, type BirthdayContact } from '../../src/services/birthday-greetings.ts';
import { defineDoc } from '../../src/store/store.ts';
import { birthdayLogDoc, shardFor } from '../../src/services/newsletter-store.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { tempDir, testApp } from '../support/temp.ts';

let fake: FakeResend;
let app: App;
let clock: Awaited<ReturnType<typeof testApp>>['clock'];
const reward = { en: 'a pastry with your coffee', es: 'un dulce con su café' };
const today = { day: 26, month: 11 };
const contact = (email: string, extra: Partial<BirthdayContact> = {}): BirthdayContact => ({ name: 'Ana', email, birthday: today, language: 'en', consent: true, ...extra });
const fast = { reward, sleep: async () => undefined };

beforeEach(async () => {
  fake = await startFakeResend();
  ({ app, clock } = await testApp({ RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SESSION_SECRET: 'test-secret' }));
  clock.set('2026-11-26T08:00:00Z');
});
afterEach(async () => {
  await fake.close();
});

describe('sendBirthdayGreetings()', () => {
  test('greets today’s birthdays who consented, in their language, with the reward and an unsubscribe link', async () => {
    const report = await sendBirthdayGreetings(
      app,
      [
        contact('ana@example.com'),
        contact('Lucia@Example.com', { name: 'Lucía', language: 'es' }),
        contact('no-consent@example.com', { consent: false }),
        contact('no-date@example.com', { birthday: null }),
        contact('tomorrow@example.com', { birthday: { day: 27, month: 11 } }),
      ],
      fast,
    );
    expect(report).toEqual({ sent: 2, skipped: 0, failed: 0, pending: 0 });
    expect(fake.delivered.map((e) => e.to).sort()).toEqual(['ana@example.com', 'lucia@example.com']);
    const lucia = fake.delivered.find((e) => e.to === 'lucia@example.com')!;
    expect(lucia.subject).toBe('¡Feliz cumpleaños, Lucía!');
    expect(lucia.text).toContain('un dulce con su café');
    expect(lucia.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(lucia.html).toContain('/api/unsubscribe?token=');
  });

  test('once a year each: a second run the same day (or a second card) sends nothing more', async () => {
    const people = [contact('ana@example.com'), contact('ANA@example.com', { name: 'Ana again' })];
    expect((await sendBirthdayGreetings(app, people, fast)).sent).toBe(1);
    expect(await sendBirthdayGreetings(app, people, fast)).toMatchObject({ sent: 0, skipped: 1 });
    expect(fake.delivered).toHaveLength(1);
    expect((await app.store.read(birthdayLogDoc(2026))).sends['ana@example.com']).toMatchObject({ status: 'sent' });
    clock.set('2027-11-26T08:00:00Z');
    expect((await sendBirthdayGreetings(app, people, fast)).sent).toBe(1);
  });

  test('an address unsubscribed from the shop’s emails is never greeted', async () => {
    const stamp = '2026-11-01T00:00:00.000Z';
    await app.store.update(shardFor('gone@example.com'), (d) => {
      d.subscribers['gone@example.com'] = { email: 'gone@example.com', status: 'unsubscribed', locale: 'en', source: 'footer', subscribedAt: stamp, unsubscribedAt: stamp, updatedAt: stamp };
    });
    expect(await sendBirthdayGreetings(app, [contact('gone@example.com')], fast)).toMatchObject({ sent: 0, skipped: 1 });
    expect(fake.delivered).toHaveLength(0);
  });

  test('an outage leaves the greeting pending; the next day’s run sends it once, with the same key', async () => {
    fake.fail(500, 500, 500, 500);
    expect(await sendBirthdayGreetings(app, [contact('ana@example.com')], fast)).toMatchObject({ sent: 0, pending: 1 });
    clock.set('2026-11-27T08:00:00Z');
    expect(await sendBirthdayGreetings(app, [contact('ana@example.com')], fast)).toMatchObject({ sent: 1 });
    expect(fake.delivered).toHaveLength(1);
    expect(new Set(fake.calls.map((c) => c.idempotencyKey)).size).toBe(1);
  });

  test('no reward line when the programme defines none', async () => {
    await sendBirthdayGreetings(app, [contact('ana@example.com')], { sleep: fast.sleep });
    expect(fake.delivered[0]!.text).not.toContain('birthday gift');
  });
});

describe('loyaltyContacts()', () => {
  test("reads the loyalty feature's card registrations (cards/registrations/{shard}); giving a birthday is the consent", async () => {
    const doc = defineDoc('cards/registrations/a', z.object({ registrations: z.array(z.looseObject({})) }), () => ({ registrations: [] }));
    const stamp = '2026-11-01T00:00:00.000Z';
    await app.store.update(doc, (d) => {
      d.registrations.push(
        { card: 'A1', name: 'Ana', email: 'ana@example.com', birthday: today, language: 'es', newsletter: false, registeredAt: stamp, updatedAt: stamp },
        { card: 'A2', name: 'Bo', email: 'bo@example.com', birthday: null, language: 'en', newsletter: false, registeredAt: stamp, updatedAt: stamp },
      );
    });
    expect(await loyaltyContacts(app)).toEqual([
      { name: 'Ana', email: 'ana@example.com', birthday: today, language: 'es', consent: true },
      { name: 'Bo', email: 'bo@example.com', birthday: null, language: 'en', consent: false },
    ]);
  });

  test.each([
    ['with', 'birthdayReward:\n  en: a pastry\n  es: un dulce\n', { en: 'a pastry', es: 'un dulce' }],
    ['without', '', undefined],
  ])('birthdayReward() reads a programme %s a birthday reward', async (_, yaml, expected) => {
    const root = await tempDir();
    await mkdir(join(root, 'loyalty'));
    const programme = (await readFile('content/loyalty/programme.yaml', 'utf8')).replace(/^birthdayReward:[\s\S]*$/m, '');
    await writeFile(join(root, 'loyalty/programme.yaml'), `${programme}${yaml}`);
    const restore = useContent(compileContent(root));
    try {
      expect(birthdayReward()).toEqual(expected);
    } finally {
      restore();
    }
  });
});
