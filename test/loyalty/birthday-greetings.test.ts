import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { compileContent } from '../../src/catalog/compile.ts';
import { useContent } from '../../src/catalog/content.ts';
import { birthdayReward, sendBirthdayGreetings } from '../../src/loyalty/birthday-greetings.ts';
import { registerCard } from '../../src/loyalty/register-card.ts';
import { registrationDetails, type RegistrationDetails } from '../../src/loyalty/registration.ts';
import { engines } from '../support/db.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { codeFor, loyaltyApps } from '../support/loyalty.ts';
import { tempDir } from '../support/temp.ts';

const reward = { en: 'a pastry with your coffee', es: 'un dulce con su café' };
const fast = { reward, sleep: async () => undefined };
const customer = { client: '192.0.2.1', staff: false };
let cards = 0;

describe.each(engines)('sendBirthdayGreetings() on %s', (engine) => {
  let fake: FakeResend;
  beforeEach(async () => {
    fake = await startFakeResend();
  });
  afterEach(() => fake.close());
  // The fake provider starts first (hooks run in order): the app is made with its address.
  const fresh = loyaltyApps(engine, () => ({ RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SESSION_SECRET: 'test-secret' }));

  /** The app with the fake provider, its clock at 09:00 in Madrid on 26 November. */
  function setup() {
    const made = fresh();
    made.clock.set('2026-11-26T08:00:00Z');
    return made;
  }
  const register = (app: Parameters<typeof registerCard>[0], details: Partial<RegistrationDetails>) =>
    registerCard(app, codeFor(`B${String(cards++).padStart(7, '0')}`), registrationDetails.parse({ name: 'Ana', email: 'ana@example.com', birthday: { day: 26, month: 11 }, language: 'en', newsletter: false, ...details }), customer);

  test('greets today’s birthdays (the shop’s day) who gave one, in their language, with the reward and an unsubscribe link', async () => {
    const { app } = setup();
    await register(app, {});
    await register(app, { name: 'Lucía', email: 'lucia@example.com', language: 'es' });
    await register(app, { email: 'no-date@example.com', birthday: null });
    await register(app, { email: 'tomorrow@example.com', birthday: { day: 27, month: 11 } });
    expect(await sendBirthdayGreetings(app, fast)).toEqual({ sent: 2, skipped: 0, failed: 0, pending: 0 });
    expect(fake.delivered.map((e) => e.to).sort()).toEqual(['ana@example.com', 'lucia@example.com']);
    const lucia = fake.delivered.find((e) => e.to === 'lucia@example.com')!;
    expect(lucia.subject).toBe('¡Feliz cumpleaños, Lucía!');
    expect(lucia.text).toContain('un dulce con su café');
    expect(lucia.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(lucia.html).toContain('/api/unsubscribe?token=');
  });

  test('at 23:30 UTC on 25 November it is already the 26th in Madrid', async () => {
    const { app, clock } = setup();
    await register(app, {});
    clock.set('2026-11-25T23:30:00Z');
    expect((await sendBirthdayGreetings(app, fast)).sent).toBe(1);
  });

  test('29 February birthdays are greeted on the 28th in other years', async () => {
    const { app, clock } = setup();
    await register(app, { birthday: { day: 29, month: 2 } });
    clock.set('2027-02-28T08:00:00Z');
    expect((await sendBirthdayGreetings(app, fast)).sent).toBe(1);
  });

  test('once a year each: a second run the same day, or a second card of the address, sends nothing more', async () => {
    const { app, clock } = setup();
    await register(app, {});
    await register(app, { email: 'ANA@example.com', name: 'Ana again' });
    expect((await sendBirthdayGreetings(app, fast)).sent).toBe(1);
    expect(await sendBirthdayGreetings(app, fast)).toMatchObject({ sent: 0, skipped: 1 });
    expect(fake.delivered).toHaveLength(1);
    expect(await app.db.query(`SELECT year, email, status FROM birthday_greetings`)).toEqual([{ year: 2026, email: 'ana@example.com', status: 'sent' }]);
    clock.set('2027-11-26T08:00:00Z');
    expect((await sendBirthdayGreetings(app, fast)).sent).toBe(1);
  });

  test('two runs at once greet once', async () => {
    const { app } = setup();
    await register(app, {});
    const reports = await Promise.all([sendBirthdayGreetings(app, fast), sendBirthdayGreetings(app, fast)]);
    expect(reports.map((report) => report.sent).sort()).toEqual([0, 1]);
    expect(fake.delivered).toHaveLength(1);
  });

  test('an address unsubscribed from the shop’s emails, or bounced, is never greeted', async () => {
    const { app } = setup();
    await register(app, { email: 'gone@example.com' });
    await register(app, { email: 'bounced@example.com' });
    const at = new Date('2026-11-01T00:00:00Z');
    await app.db.query(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, unsubscribed_at, updated_at) VALUES ('gone@example.com', 'unsubscribed', 'en', 'footer', $1, $1, $1)`, [at]);
    await app.db.query(`INSERT INTO suppressions (email, reason, at) VALUES ('bounced@example.com', 'bounced', $1)`, [at]);
    expect(await sendBirthdayGreetings(app, fast)).toMatchObject({ sent: 0, skipped: 2 });
    expect(fake.delivered).toHaveLength(0);
  });

  test('an outage leaves the greeting pending; the next day’s run sends it once, with the same key', async () => {
    const { app, clock } = setup();
    await register(app, {});
    fake.fail(500, 500, 500, 500);
    expect(await sendBirthdayGreetings(app, fast)).toMatchObject({ sent: 0, pending: 1 });
    clock.set('2026-11-27T08:00:00Z');
    expect(await sendBirthdayGreetings(app, fast)).toMatchObject({ sent: 1 });
    expect(fake.delivered).toHaveLength(1);
    expect(new Set(fake.calls.map((c) => c.idempotencyKey)).size).toBe(1);
  });
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
