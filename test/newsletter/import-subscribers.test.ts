import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { importSubscribers } from '../../src/newsletter/import-subscribers.ts';
import { subscriberOf } from '../../src/newsletter/queries.ts';
import { suppress } from '../support/newsletter.ts';
import { subscribe } from '../../src/newsletter/subscribe.ts';
import { engines, rowCounts } from '../support/db.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { testApp } from '../support/temp.ts';

const csv = [
  'Email,Name,Language,Consent_Date,Consent_Source',
  'ana@example.com,Ana,es,2025-03-14,paper form at the counter',
  ' Ben@Example.com ,"Ben, the baker",,,',
  'ana@example.com,Ana again,es,,',
  'known@example.com,Known,en,,',
  'left@example.com,Left,en,2025-01-01,paper form',
  'bounced@example.com,Bounced,en,,',
  'not an address,Nobody,en,,',
  'carla@example.com,Carla,fr,,',
  'dora@example.com,Dora,en,2030-01-01,paper form',
  'eli@example.com,Eli,en,2025-02-30,paper form',
].join('\r\n');

describe.each(engines)('importSubscribers() on %s', { timeout: 30_000 }, (engine) => {
  let fake: FakeResend;
  let app: App;
  const subscribers = async () => (await app.db.query('SELECT email FROM subscribers ORDER BY email')).map((row) => row.email);

  beforeEach(async () => {
    fake = await startFakeResend();
    ({ app } = await testApp({ RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SITE_URL: 'https://brasa.example', SESSION_SECRET: 'test-secret' }, engine));
    await app.db.query(
      `INSERT INTO subscribers (email, status, locale, source, subscribed_at, unsubscribed_at, updated_at)
       VALUES ('known@example.com', 'confirmed', 'en', 'footer', $1, NULL, $1), ('left@example.com', 'unsubscribed', 'en', 'footer', $1, $1, $1)`,
      ['2026-01-01T10:00:00Z'],
    );
    await suppress(app.db, 'bounced@example.com', 'bounced', app.now());
  });
  afterEach(async () => {
    await fake.close();
    await app.db.close();
  });

  test('reports every row: consent recorded subscribes, the rest get a confirmation email; duplicates, known, unsubscribed, suppressed and invalid rows are skipped', async () => {
    const result = await importSubscribers(app, csv, { defaultLocale: 'en' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.rows.map((r) => [r.line, r.email, r.outcome])).toEqual([
      [2, 'ana@example.com', 'subscribed'],
      [3, 'ben@example.com', 'invited'],
      [4, 'ana@example.com', 'duplicate'],
      [5, 'known@example.com', 'already-subscribed'],
      [6, 'left@example.com', 'unsubscribed'],
      [7, 'bounced@example.com', 'suppressed'],
      [8, 'not an address', 'invalid-email'],
      [9, 'carla@example.com', 'invalid-language'],
      [10, 'dora@example.com', 'invalid-consent'],
      [11, 'eli@example.com', 'invalid-consent'],
    ]);
    expect(result.report.counts).toMatchObject({ subscribed: 1, invited: 1, duplicate: 1 });
    expect(await subscriberOf(app.db, 'ana@example.com')).toMatchObject({
      status: 'confirmed', locale: 'es', name: 'Ana', source: 'import', subscribed_at: new Date('2025-03-14T00:00:00Z'), confirmed_at: app.now(),
      consent_at: new Date('2025-03-14T00:00:00Z'), consent_source: 'paper form at the counter',
    });
    expect(await subscriberOf(app.db, 'ben@example.com')).toMatchObject({ status: 'pending', locale: 'en', name: 'Ben, the baker', confirmed_at: null });
    expect((await subscriberOf(app.db, 'left@example.com'))?.status).toBe('unsubscribed');
    expect(await subscribers()).toEqual(['ana@example.com', 'ben@example.com', 'known@example.com', 'left@example.com']);
    // Double opt-in: only the row without a recorded consent got an email, and it holds a confirmation link.
    expect(fake.delivered.map((e) => e.to)).toEqual(['ben@example.com']);
    expect(fake.delivered[0]!.text).toContain('https://brasa.example/api/confirm?token=');
  });

  test.each([
    ['an unclosed quote', 'email,name\nana@example.com,"Ana\nben@example.com,Ben\n', /^Line 3: Quote Not Closed/],
    ['a row with more columns than the header', 'email,name\nana@example.com,Ana\nben@example.com,Ben,extra\n', /^Line 3: Invalid Record Length/],
    ['no email column', 'name,language\nAna,es\n', /column.*"email"/],
    ['a header and nothing else', 'email,name\n', /no rows/],
  ])('a file with %s is refused with a clear error, and nothing is imported or sent', async (_, text, error) => {
    const before = await rowCounts(app.db);
    const result = await importSubscribers(app, text, { defaultLocale: 'en' });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(error) });
    expect(await rowCounts(app.db)).toEqual(before);
    expect(fake.calls).toHaveLength(0);
  });

  test('when the confirmation emails cannot be sent, those rows are not added, so importing again later invites them', async () => {
    fake.fail(500);
    const first = await importSubscribers(app, 'email\nnew@example.com\n', { defaultLocale: 'es' });
    expect(first.ok && first.report.rows[0]!.outcome).toBe('invite-failed');
    expect(await subscriberOf(app.db, 'new@example.com')).toBeUndefined();
    const again = await importSubscribers(app, 'email\nnew@example.com\n', { defaultLocale: 'es' });
    expect(again.ok && again.report.rows[0]!.outcome).toBe('invited');
  });

  test('an address that signs up while its import runs keeps its sign-up; the import reports it as already on the list', async () => {
    const racing: App = {
      ...app,
      db: {
        ...app.db,
        query: async (text, values) => {
          // The sign-up lands between the import's look at the list and its insert.
          if (text.includes("'import'") && text.startsWith('INSERT')) await subscribe(app, { email: 'race@example.com', locale: 'es', source: 'footer', client: 'c1' });
          return app.db.query(text, values);
        },
      },
    };
    const result = await importSubscribers(racing, 'email,consent_date,consent_source\nrace@example.com,2025-03-14,paper form\n', { defaultLocale: 'en' });
    expect(result.ok && result.report.rows.map((r) => r.outcome)).toEqual(['already-subscribed']);
    expect(await subscriberOf(app.db, 'race@example.com')).toMatchObject({ status: 'pending', source: 'footer', locale: 'es' });
  });
});
