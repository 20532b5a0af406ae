import { beforeAll, describe, expect, test } from 'vitest';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { ownerCookie, useTempApp } from '../support/temp.ts';

type Handler = typeof import('../../netlify/functions/admin-newsletter.mts').default;
let fake: FakeResend;
let handler: Handler;
let importHandler: Handler;
let cookie: string;
let app: typeof import('../../src/app.ts').app;
let approvalDoc: typeof import('../../src/services/newsletter-approval.ts').approvalDoc;

beforeAll(async () => {
  fake = await startFakeResend();
  await useTempApp({ SESSION_SECRET: 'test-secret', RESEND_API_KEY: 're_test', MAIL_FROM: 'Brasa <hola@brasa.example>', RESEND_BASE_URL: fake.url });
  handler = (await import('../../netlify/functions/admin-newsletter.mts')).default;
  importHandler = (await import('../../netlify/functions/admin-newsletter-import.mts')).default;
  ({ app } = await import('../../src/app.ts'));
  ({ approvalDoc } = await import('../../src/services/newsletter-approval.ts'));
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

describe('POST /api/admin/newsletter (dashboard forms)', { timeout: 20_000 }, () => {
  test('without the owner\'s session: 401, nothing recorded', async () => {
    expect((await post({ action: 'approve', issue: '2026-11' }, false)).status).toBe(401);
    expect((await app().store.read(approvalDoc('2026-11'))).approval).toBeNull();
  });

  test('approve records who and when, and goes back to the dashboard; withdraw takes it back', async () => {
    const approved = await post({ action: 'approve', issue: '2026-11' });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe('/admin/newsletter/?issue=2026-11&done=approved');
    expect((await app().store.read(approvalDoc('2026-11'))).approval).toMatchObject({ by: 'dashboard', at: expect.any(String) });
    expect((await post({ action: 'withdraw', issue: '2026-11' })).status).toBe(303);
    const log = await app().store.read(approvalDoc('2026-11'));
    expect(log.approval).toBeNull();
    expect(log.history.map((h) => h.action)).toEqual(['approved', 'withdrawn']);
  });

  test('a test sends both languages to the address given, marked as a test, with working links, and records nothing as sent', async () => {
    const keysBefore = await app().store.keys('newsletter/');
    const response = await post({ action: 'test', issue: '2026-11', to: ' Owner.Test@Example.com ' });
    expect(response.headers.get('location')).toBe('/admin/newsletter/?issue=2026-11&done=tested');
    const tests = fake.delivered.filter((e) => e.to === 'owner.test@example.com');
    expect(tests.map((e) => e.subject.split(' ')[0])).toEqual(['[Test]', '[Prueba]']);
    expect(tests[0]!.text).toContain('This is a test sent from the dashboard');
    expect(tests[1]!.text).toContain('Esto es una prueba enviada desde el panel');
    expect(tests[0]!.html).toContain('href="http://localhost:4321/en/newsletter/2026-11/"');
    expect(tests[0]!.headers?.['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:4321\/api\/unsubscribe\?token=/);
    expect(tests.every((e) => e.tags?.[0]?.value === 'test')).toBe(true);
    expect(await app().store.keys('newsletter/')).toEqual(keysBefore);
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
