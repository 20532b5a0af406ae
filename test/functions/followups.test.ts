import { beforeAll, describe, expect, test } from 'vitest';
import { storeResponses } from '../support/surveys.ts';
import { ownerCookie, readOutbox, useTempApp } from '../support/temp.ts';

type Handler = (request: Request, context?: unknown) => Promise<Response>;
const base = 'http://localhost:4321';
let dataDir: string;
let followups: Handler;
let session: string;
let appModule: typeof import('../../src/app.ts');
let queries: typeof import('../../src/surveys/queries.ts');
let survey: import('../../src/catalog/survey.ts').Survey;

beforeAll(async () => {
  dataDir = await useTempApp();
  followups = (await import('../../netlify/functions/followups.mts')).default as Handler;
  appModule = await import('../../src/app.ts');
  queries = await import('../../src/surveys/queries.ts');
  survey = (await import('../../src/catalog/surveys.ts')).readSurveyCatalog('feedback')!.survey;
  session = await ownerCookie();
});

/** A complaint from Ana (Spanish, with her address) stored as the survey would store it. */
async function complaint(contact: { email?: string; phone?: string } = { email: 'ana@example.com' }): Promise<string> {
  const [id] = await storeResponses(appModule.app().db, survey, [
    { answers: { overall: 2, nps: 3, wrong: 'El café llegó frío' }, locale: 'es', submittedAt: new Date(), contact: { name: 'Ana', language: 'es', ...contact } },
  ]);
  return id!;
}

const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  followups(new Request(`${base}${path}`, { method: 'POST', headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded', origin: base, ...headers }, body: new URLSearchParams(fields).toString() }), {});
const json = (method: string, path: string, body?: unknown) =>
  followups(new Request(`${base}${path}`, { method, headers: { cookie: session, 'content-type': 'application/json', origin: base }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), {});

describe('/api/followups (owner only)', () => {
  test('refuses without an admin session', async () => {
    expect((await followups(new Request(`${base}/api/followups`), {})).status).toBe(401);
  });

  test('lists complaints with their responses, and moves one to contacted with a note', async () => {
    const id = await complaint();
    const list = (await (await json('GET', '/api/followups?status=open')).json()) as { followups: { id: string; response: { answers: Record<string, unknown> } }[]; counts: Record<string, number> };
    expect(list.followups.find((f) => f.id === id)?.response.answers).toEqual({ overall: 2, nps: 3, wrong: 'El café llegó frío' });
    expect(list.counts.open).toBeGreaterThanOrEqual(1);
    const patch = await json('PATCH', `/api/followups/${id}`, { status: 'contacted', note: 'Phoned, apologised' });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ followup: { id, status: 'contacted', notes: [{ text: 'Phoned, apologised' }] } });
    const resolved = await form(`/api/followups/${id}`, { status: 'resolved', next: '/admin/followups/' });
    expect(resolved.status).toBe(303);
    expect(resolved.headers.get('location')).toBe('/admin/followups/');
    // A next page that a browser would resolve to another site goes to the dashboard instead.
    for (const next of ['/\\evil.example/', '//evil.example/', 'https://evil.example/', '/en/']) {
      expect((await form(`/api/followups/${id}`, { note: 'x', next })).headers.get('location'), next).toBe('/admin/');
    }
    expect((await json('PATCH', '/api/followups/00000000-0000-4000-8000-000000000000', { note: 'x' })).status).toBe(404);
    expect((await json('GET', '/api/followups/nonsense')).status).toBe(404);
  });

  test('the follow-up email: the owner\'s edited text goes to the customer once, however often the form is sent', async () => {
    const id = await complaint();
    const next = `/admin/followups/?show=${id}#f-${id}`;
    const fields = { 'email.subject': 'Su visita del martes', 'email.text': 'Buenos días, Ana:\r\n\r\nTiene razón: el café llegó frío. Le invitamos al próximo.\r\n\r\nMarta', next };
    const sent = await form(`/api/followups/${id}`, fields);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(next);
    // A double click: the second post sends nothing and goes back to the list too.
    expect((await form(`/api/followups/${id}`, fields)).status).toBe(303);
    expect((await json('PATCH', `/api/followups/${id}`, { email: { subject: 'Again', text: 'Again' } })).status).toBe(409);
    const toAna = (await readOutbox(dataDir)).filter((email) => email.headers.to === 'ana@example.com' && email.headers.subject === 'Su visita del martes');
    expect(toAna).toHaveLength(1);
    expect(toAna[0]!.text).toContain('Tiene razón: el café llegó frío. Le invitamos al próximo.\n\nMarta\n\n--\n');
    expect((await queries.findComplaint(appModule.app().db, id))?.followup).toMatchObject({ status: 'contacted', emailed: { subject: 'Su visita del martes' } });
  });

  test('an email that cannot go is a page in the owner\'s language, with a line in the other, that keeps what they wrote', async () => {
    const empty = await complaint();
    const invalid = await form(`/api/followups/${empty}`, { 'email.subject': 'Hola', 'email.text': '   ', next: '/admin/followups/' }, { cookie: `${session}; vuelve_admin_lang=es` });
    expect(invalid.status).toBe(400);
    const page = await invalid.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('El correo no se envió');
    expect(page).toContain('Escriba un asunto y un mensaje antes de enviarlo.');
    expect(page).toContain('<p lang="en">The email was not sent. Write a subject and a message before sending.</p>');
    expect(page).toContain('href="/admin/followups/"');

    const phoneOnly = await complaint({ phone: '+34 600 000 000' });
    const refused = await form(`/api/followups/${phoneOnly}`, { 'email.subject': 'Hola', 'email.text': 'Una <b>disculpa</b>', next: '/admin/followups/' }, { 'accept-language': 'en-GB' });
    expect(refused.status).toBe(409);
    const text = await refused.text();
    expect(text).toContain('This customer left no email address');
    expect(text).toContain('Una &lt;b&gt;disculpa&lt;/b&gt;');
    expect((await queries.findComplaint(appModule.app().db, phoneOnly))?.followup).toMatchObject({ status: 'open', emailed: null });
  });
});
