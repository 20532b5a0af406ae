import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { importSubscribers } from '../../src/services/import-subscribers.ts';
import { listSubscribers, shardFor } from '../../src/services/newsletter-store.ts';
import { suppress } from '../../src/services/suppressions.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { snapshotFiles, testApp } from '../support/temp.ts';

let fake: FakeResend;
let app: App;
let dataDir: string;

beforeEach(async () => {
  fake = await startFakeResend();
  ({ app, dataDir } = await testApp({ RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url, SITE_URL: 'https://brasa.example', SESSION_SECRET: 'test-secret' }));
  const stamp = '2026-01-01T10:00:00.000Z';
  await app.store.update(shardFor('known@example.com'), (d) => void (d.subscribers['known@example.com'] = { email: 'known@example.com', status: 'confirmed', locale: 'en', source: 'footer', subscribedAt: stamp, updatedAt: stamp }));
  await app.store.update(shardFor('left@example.com'), (d) => void (d.subscribers['left@example.com'] = { email: 'left@example.com', status: 'unsubscribed', locale: 'en', source: 'footer', subscribedAt: stamp, unsubscribedAt: stamp, updatedAt: stamp }));
  await suppress(app, 'bounced@example.com', { reason: 'bounced' });
});
afterEach(async () => {
  await fake.close();
});

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

describe('importSubscribers()', { timeout: 20_000 }, () => {
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
    const stored = new Map((await listSubscribers(app)).map((s) => [s.email, s]));
    expect(stored.get('ana@example.com')).toMatchObject({ status: 'confirmed', locale: 'es', name: 'Ana', source: 'import', consent: { at: '2025-03-14T00:00:00.000Z', source: 'paper form at the counter' } });
    expect(stored.get('ben@example.com')).toMatchObject({ status: 'pending', locale: 'en', name: 'Ben, the baker' });
    expect(stored.get('left@example.com')?.status).toBe('unsubscribed');
    expect([...stored.keys()].sort()).toEqual(['ana@example.com', 'ben@example.com', 'known@example.com', 'left@example.com']);
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
    const before = await snapshotFiles(`${dataDir}/store`);
    const result = await importSubscribers(app, text, { defaultLocale: 'en' });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(error) });
    expect(await snapshotFiles(`${dataDir}/store`)).toEqual(before);
    expect(fake.calls).toHaveLength(0);
  });

  test('when the confirmation emails cannot be sent, those rows are not added, so importing again later invites them', async () => {
    fake.fail(500);
    const first = await importSubscribers(app, 'email\nnew@example.com\n', { defaultLocale: 'es' });
    expect(first.ok && first.report.rows[0]!.outcome).toBe('invite-failed');
    expect((await listSubscribers(app)).some((s) => s.email === 'new@example.com')).toBe(false);
    const again = await importSubscribers(app, 'email\nnew@example.com\n', { defaultLocale: 'es' });
    expect(again.ok && again.report.rows[0]!.outcome).toBe('invited');
  });
});
