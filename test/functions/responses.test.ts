import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { readOutbox, snapshotFiles, useTempApp } from '../support/temp.ts';

type Handler = (request: Request, context?: unknown) => Promise<Response>;
let dataDir: string;
let clockFile: string;
let responses: Handler;
let start: Handler;
let followups: Handler;
let review: Handler;
let services: typeof import('../../src/services/responses.ts');
let sessions: typeof import('../../src/services/sessions.ts');
let appModule: typeof import('../../src/app.ts');

const base = 'http://localhost:4321';
let ipCounter = 0;
/** Each test posts from its own address, so the flood limit of one never touches another. */
let ip = '';

beforeAll(async () => {
  dataDir = await useTempApp({ OWNER_EMAIL: 'owner@test.example' });
  clockFile = join(dataDir, 'clock');
  await writeFile(clockFile, '0');
  process.env.TEST_CLOCK_FILE = clockFile;
  responses = (await import('../../netlify/functions/responses.mts')).default as Handler;
  start = (await import('../../netlify/functions/survey-start.mts')).default as Handler;
  followups = (await import('../../netlify/functions/followups.mts')).default as Handler;
  review = (await import('../../netlify/functions/review.mts')).default as Handler;
  services = await import('../../src/services/responses.ts');
  sessions = await import('../../src/services/sessions.ts');
  appModule = await import('../../src/app.ts');
});

beforeEach(async () => {
  ip = `198.51.100.${++ipCounter}`;
  await writeFile(clockFile, '0');
});

/** Opens the survey page (its start pixel sets the cookie), then lets a minute pass (the clock starts at 0 in each test). */
async function openSurvey(): Promise<string> {
  const response = await start(new Request(`${base}/api/responses/start`), {});
  expect(response.headers.get('content-type')).toBe('image/gif');
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  await writeFile(clockFile, '60000');
  return cookie;
}

function formPost(fields: Record<string, string | string[]>, cookie?: string, referer = `${base}/en/survey/feedback/?at=counter&product=house-blend`): Request {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
  return new Request(`${base}/api/responses`, {
    method: 'POST', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', referer, 'x-nf-client-connection-ip': ip, ...(cookie ? { cookie } : {}) },
  });
}

function jsonPost(body: unknown, cookie?: string): Request {
  return new Request(`${base}/api/responses`, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-nf-client-connection-ip': ip, ...(cookie ? { cookie } : {}) },
  });
}

const happyForm = { survey: 'feedback', locale: 'en', at: '', product: '', website: '', 'answers.overall': '5', 'answers.nps': '10', 'answers.liked': ['taste', 'service'] };
const stored = async () => services.listResponses(appModule.app());

describe('POST /api/responses with a form (no script)', () => {
  test('stores the response with the location and product of the printed code and answers 303 to the thanks page', async () => {
    const cookie = await openSurvey();
    const before = (await stored()).length;
    const response = await responses(formPost(happyForm, cookie), {});
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/en\/survey\/feedback\/thanks\/\?r=\d{4}-\d{2}-\d{2}-\d{9}-[0-9a-f]{12}$/);
    const all = await stored();
    expect(all).toHaveLength(before + 1);
    expect(all.at(-1)).toMatchObject({ id: location.split('r=')[1], location: 'counter', product: 'house-blend', answers: { overall: 5, nps: 10, liked: ['taste', 'service'] } });
  });

  test('an invalid post gets the survey again in the visitor language, with what to fix and every answer kept', async () => {
    const cookie = await openSurvey();
    const before = await snapshotFiles(join(dataDir, 'store'));
    const response = await responses(formPost({ ...happyForm, locale: 'es', 'answers.overall': '', 'answers.nps': '3', 'answers.wrong': 'El café llegó frío', 'answers.contact.consent': 'yes', 'answers.contact.email': 'no-es-correo' }, cookie, `${base}/es/survey/feedback/`), {});
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Por favor, revise sus respuestas');
    expect(html).toContain('Por favor, responda a esta pregunta.');
    expect(html).toContain('Por favor, revise la dirección de correo.');
    expect(html).toContain('<form method="post" action="/api/responses"');
    expect(html).toMatch(/name="answers\.nps" value="3" checked/);
    expect(html).toContain('>El café llegó frío</textarea>');
    expect(html).toContain('value="no-es-correo"');
    expect(html).toMatch(/name="answers\.contact\.consent" value="yes" checked/);
    expect(await snapshotFiles(join(dataDir, 'store'))).toEqual(before);
  });

  test('a filled honeypot is refused and nothing is stored', async () => {
    const cookie = await openSurvey();
    const before = (await stored()).length;
    const response = await responses(formPost({ ...happyForm, website: 'http://spam.example' }, cookie), {});
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('filled in by a program');
    expect(await stored()).toHaveLength(before);
  });

  test('a post without a start time (or too soon after it) gets the form back with a fresh start; sending again later works', async () => {
    const before = (await stored()).length;
    const first = await responses(formPost(happyForm), {});
    expect(first.status).toBe(400);
    expect(await first.text()).toContain('press “Send my answers” once more');
    expect(await stored()).toHaveLength(before);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(first.headers.get('set-cookie')).toContain('Path=/api/responses; Max-Age=86400; HttpOnly; SameSite=Lax');
    expect((await responses(formPost(happyForm, cookie), {})).status).toBe(400);
    await writeFile(clockFile, '5000');
    expect((await responses(formPost(happyForm, cookie), {})).status).toBe(303);
  });

  test('a complaint emails the owner at once with the score and the place', async () => {
    const cookie = await openSurvey();
    const response = await responses(formPost({ ...happyForm, at: 'tables', 'answers.overall': '2', 'answers.nps': '4', 'answers.wrong': 'Waited 20 minutes' }, cookie), {});
    expect(response.status).toBe(303);
    const alert = (await readOutbox(dataDir)).find((email) => email.text.includes('Waited 20 minutes'));
    expect(alert?.headers.to).toBe('owner@test.example');
    expect(alert?.headers.subject).toBe('Complaint: NPS 4 at Tables (How did we do?)');
  });

  test('unknown location and product values are recorded as "unknown", not refused', async () => {
    const cookie = await openSurvey();
    const response = await responses(formPost(happyForm, cookie, `${base}/en/survey/feedback/?at=rooftop&product=unicorn-roast`), {});
    expect(response.status).toBe(303);
    expect((await stored()).at(-1)).toMatchObject({ location: 'unknown', product: 'unknown' });
  });
});

describe('POST /api/responses with JSON (the island)', () => {
  test('stores a valid response and answers 201 with its id and the thanks page', async () => {
    const cookie = await openSurvey();
    const response = await responses(jsonPost({ survey: 'feedback', locale: 'es', at: 'receipt', answers: { overall: 4, nps: 8, visit: 'beans' } }, cookie), {});
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; thanks: string; complaint: boolean };
    expect(body).toEqual({ id: expect.stringMatching(/^\d{4}-\d{2}-/), complaint: false, thanks: `/es/survey/feedback/thanks/?r=${body.id}` });
    expect((await stored()).at(-1)).toMatchObject({ id: body.id, locale: 'es', location: 'receipt', product: null, answers: { overall: 4, nps: 8, visit: 'beans' } });
  });

  test('invalid answers get 400 with a message per field and store nothing', async () => {
    const cookie = await openSurvey();
    const before = await snapshotFiles(join(dataDir, 'store'));
    const response = await responses(jsonPost({ survey: 'feedback', locale: 'en', answers: { overall: 7, visit: 'nowhere' } }, cookie), {});
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'Invalid answers',
      fields: { 'answers.overall': ['Please pick one of the numbers.'], 'answers.visit': ['Please pick one of the options.'], 'answers.nps': ['Please answer this question.'] },
    });
    expect(await snapshotFiles(join(dataDir, 'store'))).toEqual(before);
  });

  test('an unknown survey gets 404, a malformed submission 400', async () => {
    const cookie = await openSurvey();
    expect((await responses(jsonPost({ survey: 'nope', locale: 'en', answers: {} }, cookie), {})).status).toBe(404);
    const response = await responses(jsonPost({ survey: 'feedback', locale: 'fr', answers: {} }, cookie), {});
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ fields: { locale: expect.any(Array) } });
  });

  test('a flood from one address is refused with 429 and Retry-After; another address still gets through', async () => {
    const cookie = await openSurvey();
    const answers = { survey: 'feedback', locale: 'en', answers: { overall: 5, nps: 9 } };
    for (let i = 0; i < 20; i++) expect((await responses(jsonPost(answers, cookie), {})).status).toBe(201);
    const refused = await responses(jsonPost(answers, cookie), {});
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    ip = '203.0.113.99';
    expect((await responses(jsonPost(answers, cookie), {})).status).toBe(201);
    // No raw address is stored anywhere.
    expect(JSON.stringify(await snapshotFiles(join(dataDir, 'store')))).not.toContain('198.51.100.');
  });
});

describe('/api/followups (owner only)', () => {
  test('refuses without an admin session; with one, lists and moves a complaint to contacted with a note', async () => {
    const cookie = await openSurvey();
    await responses(jsonPost({ survey: 'feedback', locale: 'en', answers: { overall: 1, nps: 2 } }, cookie), {});
    expect((await followups(new Request(`${base}/api/followups`), {})).status).toBe(401);
    const login = await sessions.logIn(appModule.app(), 'admin', ip, 'admin');
    if (!login.ok) throw new Error('login failed');
    const session = login.setCookie.split(';')[0]!;
    const list = (await (await followups(new Request(`${base}/api/followups?status=open`, { headers: { cookie: session } }), {})).json()) as { followups: { id: string }[] };
    const id = list.followups[0]!.id;
    const patch = await followups(new Request(`${base}/api/followups/${id}`, {
      method: 'PATCH', headers: { cookie: session, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'contacted', note: 'Phoned, apologised' }),
    }), {});
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({ followup: { id, status: 'contacted', notes: [{ text: 'Phoned, apologised' }] } });
    const form = await followups(new Request(`${base}/api/followups/${id}`, {
      method: 'POST', headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=resolved&next=/admin/followups/',
    }), {});
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toBe('/admin/followups/');
    // A next page that a browser would resolve to another site goes to the dashboard instead.
    for (const next of ['/\\evil.example/', '//evil.example/', 'https://evil.example/', '/en/']) {
      const away = await followups(new Request(`${base}/api/followups/${id}`, {
        method: 'POST', headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ note: 'x', next }).toString(),
      }), {});
      expect(away.headers.get('location'), next).toBe('/admin/');
    }
    expect((await followups(new Request(`${base}/api/followups/2026-01-0000000000000000`, { method: 'PATCH', headers: { cookie: session, 'content-type': 'application/json' }, body: '{"note":"x"}' }), {})).status).toBe(404);
  });
});

describe('GET /api/review', () => {
  test('counts the click and sends the visitor to the shop review page', async () => {
    const response = await review(new Request(`${base}/api/review?r=2026-11-abc&at=counter`), {});
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^https:\/\/www\.google\.com\/maps/);
    expect((await services.listReviewClicks(appModule.app())).at(-1)).toMatchObject({ responseId: '2026-11-abc', location: 'counter' });
  });
});
