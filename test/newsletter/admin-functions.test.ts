import { beforeAll, describe, expect, test } from 'vitest';
import { rowCounts } from '../support/db.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { approvalHistory } from '../support/newsletter.ts';
import { ownerCookie, useTempApp } from '../support/temp.ts';

type Handler = typeof import('../../netlify/functions/admin-newsletter.mts').default;
let fake: FakeResend;
let handler: Handler;
let importHandler: Handler;
let cookie: string;
let app: typeof import('../../src/app.ts').app;
let queries: typeof import('../../src/newsletter/queries.ts');

beforeAll(async () => {
  fake = await startFakeResend();
  await useTempApp({ SESSION_SECRET: 'test-secret', RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url });
  handler = (await import('../../netlify/functions/admin-newsletter.mts')).default;
  importHandler = (await import('../../netlify/functions/admin-newsletter-import.mts')).default;
  ({ app } = await import('../../src/app.ts'));
  queries = await import('../../src/newsletter/queries.ts');
  cookie = await ownerCookie();
}, 60_000);

const post = (fields: Record<string, string>, withCookie = true) =>
  handler(
    new Request('http://localhost:4321/api/admin/newsletter', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:4321', ...(withCookie ? { cookie } : {}) },
      body: new URLSearchParams(fields),
    }),
  );
const newsletterTables = async () => Object.fromEntries(Object.entries(await rowCounts(app().db)).filter(([table]) => /^(newsletter_|subscribers|owner_notices)/.test(table)));

describe('POST /api/admin/newsletter (dashboard forms)', { timeout: 30_000 }, () => {
  test("without the owner's session: 401, nothing recorded", async () => {
    expect((await post({ action: 'approve', issue: '2026-11' }, false)).status).toBe(401);
    expect(await queries.approvalOf(app().db, '2026-11')).toBeUndefined();
  });

  test('approve records that the owner approved it from the dashboard, and when; withdraw takes it back', async () => {
    const approved = await post({ action: 'approve', issue: '2026-11' });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe('/admin/newsletter/?issue=2026-11&done=approved');
    expect(await queries.approvalOf(app().db, '2026-11')).toMatchObject({ approved_by: 'dashboard', approved_at: expect.any(Date) });
    expect((await post({ action: 'withdraw', issue: '2026-11' })).status).toBe(303);
    expect(await queries.approvalOf(app().db, '2026-11')).toBeUndefined();
    expect((await approvalHistory(app().db, '2026-11')).map((h) => [h.action, h.by])).toEqual([['approved', 'dashboard'], ['withdrawn', 'dashboard']]);
  });

  test('a test sends both languages to the address given, marked as a test, with working links, and records nothing as sent', async () => {
    const before = await newsletterTables();
    const response = await post({ action: 'test', issue: '2026-11', to: ' Owner.Test@Example.com ' });
    expect(response.headers.get('location')).toBe('/admin/newsletter/?issue=2026-11&done=tested');
    const tests = fake.delivered.filter((e) => e.to === 'owner.test@example.com');
    expect(tests.map((e) => e.subject.split(' ')[0])).toEqual(['[Test]', '[Prueba]']);
    expect(tests[0]!.text).toContain('This is a test sent from the dashboard');
    expect(tests[1]!.text).toContain('Esto es una prueba enviada desde el panel');
    expect(tests[0]!.html).toContain('href="http://localhost:4321/en/newsletter/2026-11/"');
    expect(tests[0]!.headers?.['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:4321\/api\/unsubscribe\?token=/);
    expect(tests.every((e) => e.tags?.[0]?.value === 'test')).toBe(true);
    expect(await newsletterTables()).toEqual(before);
  });

  test('"Send now" sends an approved issue of a past month to its audience, and the dashboard is told to say how it went', async () => {
    await app().db.query(`INSERT INTO subscribers (email, status, locale, source, subscribed_at, confirmed_at, updated_at) VALUES ('now1@example.com', 'confirmed', 'en', 'footer', $1, $1, $1), ('now2@example.com', 'confirmed', 'es', 'footer', $1, $1, $1)`, [new Date()]);
    expect((await post({ action: 'send', issue: '2026-10' })).headers.get('location')).toBe('/admin/newsletter/?issue=2026-10&done=sent-now');
    expect(await queries.lastRun(app().db, '2026-10')).toMatchObject({ trigger: 'dashboard', outcome: 'not-approved' });
    await post({ action: 'approve', issue: '2026-10' });
    await post({ action: 'send', issue: '2026-10' });
    expect(await queries.lastRun(app().db, '2026-10')).toMatchObject({ trigger: 'dashboard', outcome: 'finished', sent: 2 });
    expect(fake.delivered.filter((e) => e.tags?.some((t) => t.value === '2026-10')).map((e) => e.to).sort()).toEqual(['now1@example.com', 'now2@example.com']);
    // Sent: it can be neither approved nor withdrawn again.
    expect((await post({ action: 'withdraw', issue: '2026-10' })).status).toBe(409);
    expect((await post({ action: 'approve', issue: '2026-10' })).status).toBe(409);
  });

  test('a test to something that is not an address, or an issue that does not exist, is refused', async () => {
    expect((await post({ action: 'test', issue: '2026-11', to: 'nobody' })).status).toBe(400);
    expect((await post({ action: 'approve', issue: '2030-01' })).status).toBe(404);
  });

  test('an uploaded CSV gets a report page in the dashboard language; a malformed one an error and nothing imported', async () => {
    const upload = (csv: string) => {
      const body = new FormData();
      body.set('file', new File([csv], 'customers.csv', { type: 'text/csv' }));
      body.set('lang', 'es');
      return importHandler(new Request('http://localhost:4321/api/admin/newsletter/import?lang=es', { method: 'POST', headers: { cookie, origin: 'http://localhost:4321' }, body }));
    };
    const report = await upload('email,name\nimported@example.com,Inés\n');
    expect(report.status).toBe(200);
    const html = await report.text();
    expect(html).toContain('Se ha leído 1 fila.');
    expect(html).toContain('imported@example.com</td><td>Correo de confirmación enviado');
    expect(fake.delivered.at(-1)?.to).toBe('imported@example.com');
    const malformed = await upload('email,name\n"broken@example.com,Ana\n');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('Quote Not Closed');
  });
});
