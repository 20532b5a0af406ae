import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { rowCounts } from '../support/db.ts';
import { readOutbox, useTempApp } from '../support/temp.ts';

type Handler = (request: Request, context?: unknown) => Promise<Response>;
let dataDir: string;
let clockFile: string;
let responses: Handler;
let start: Handler;
let review: Handler;
let queries: typeof import('../../src/surveys/queries.ts');
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
  review = (await import('../../netlify/functions/review.mts')).default as Handler;
  queries = await import('../../src/surveys/queries.ts');
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
const stored = async (id: string) => queries.findResponse(appModule.app().db, id);
const counts = async () => rowCounts(appModule.app().db);

describe('POST /api/responses with a form (no script)', () => {
  test('stores the response with the location and product of the printed code and answers 303 to the thanks page', async () => {
    const cookie = await openSurvey();
    const before = await counts();
    const response = await responses(formPost(happyForm, cookie), {});
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/en\/survey\/feedback\/thanks\/\?r=[0-9a-f-]{36}$/);
    expect((await counts()).responses).toBe(before.responses! + 1);
    expect(await stored(location.split('r=')[1]!)).toMatchObject({ location: 'counter', product: 'house-blend', answers: { overall: 5, nps: 10, liked: ['taste', 'service'] } });
  });

  test('an invalid post gets the survey again in the visitor language, with what to fix and every answer kept', async () => {
    const cookie = await openSurvey();
    const before = await counts();
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
    expect((await counts()).responses).toBe(before.responses);
  });

  test('a filled honeypot is refused and nothing is stored', async () => {
    const cookie = await openSurvey();
    const before = await counts();
    const response = await responses(formPost({ ...happyForm, website: 'http://spam.example' }, cookie), {});
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('filled in by a program');
    expect((await counts()).responses).toBe(before.responses);
  });

  test('a post without a start time (or too soon after it) gets the form back with a fresh start; sending again later works', async () => {
    const before = await counts();
    const first = await responses(formPost(happyForm), {});
    expect(first.status).toBe(400);
    expect(await first.text()).toContain('press “Send my answers” once more');
    expect((await counts()).responses).toBe(before.responses);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect(first.headers.get('set-cookie')).toContain('Path=/api/responses; Max-Age=86400; HttpOnly; SameSite=Lax');
    expect((await responses(formPost(happyForm, cookie), {})).status).toBe(400);
    await writeFile(clockFile, '5000');
    expect((await responses(formPost(happyForm, cookie), {})).status).toBe(303);
  });

  test('the same form sent twice from one page view (a double click without script) is stored once', async () => {
    const cookie = await openSurvey();
    const before = await counts();
    const [first, again] = [await responses(formPost(happyForm, cookie), {}), await responses(formPost(happyForm, cookie), {})];
    expect([first.status, again.status]).toEqual([303, 303]);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect((await counts()).responses).toBe(before.responses! + 1);
    // Another page view is another answer.
    expect((await responses(formPost(happyForm, await openSurvey()), {})).headers.get('location')).not.toBe(first.headers.get('location'));
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
    expect(await stored(response.headers.get('location')!.split('r=')[1]!)).toMatchObject({ location: 'unknown', product: 'unknown' });
  });
});

describe('POST /api/responses with JSON (the island)', () => {
  test('stores a valid response and answers 201 with its id and the thanks page', async () => {
    const cookie = await openSurvey();
    const response = await responses(jsonPost({ survey: 'feedback', locale: 'es', at: 'receipt', answers: { overall: 4, nps: 8, visit: 'beans' } }, cookie), {});
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: string; thanks: string; complaint: boolean };
    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), complaint: false, thanks: `/es/survey/feedback/thanks/?r=${body.id}` });
    expect(await stored(body.id)).toMatchObject({ locale: 'es', location: 'receipt', product: null, answers: { overall: 4, nps: 8, visit: 'beans' } });
  });

  test('a post sent again with its key (the island retrying after a lost answer) gets the same answer and is stored once', async () => {
    const cookie = await openSurvey();
    const before = await counts();
    const post = { survey: 'feedback', locale: 'en', key: 'island-1764-abcdef', answers: { overall: 2, nps: 4, wrong: 'Slow' } };
    const [first, again] = [await responses(jsonPost(post, cookie), {}), await responses(jsonPost(post, cookie), {})];
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
    expect(await counts()).toMatchObject({ responses: before.responses! + 1, followups: before.followups! + 1 });
  });

  test('invalid answers get 400 with a message per field and store nothing', async () => {
    const cookie = await openSurvey();
    const before = await counts();
    const response = await responses(jsonPost({ survey: 'feedback', locale: 'en', answers: { overall: 7, visit: 'nowhere' } }, cookie), {});
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'Invalid answers',
      fields: { 'answers.overall': ['Please pick one of the numbers.'], 'answers.visit': ['Please pick one of the options.'], 'answers.nps': ['Please answer this question.'] },
    });
    expect((await counts()).responses).toBe(before.responses);
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
    expect(JSON.stringify(await appModule.app().db.query('SELECT * FROM rate_limits'))).not.toContain('198.51.100.');
  });
});

describe('GET /api/review', () => {
  test('counts the click and sends the visitor to the shop review page', async () => {
    const cookie = await openSurvey();
    const { id } = (await (await responses(jsonPost({ survey: 'feedback', locale: 'en', answers: { overall: 5, nps: 10 } }, cookie), {})).json()) as { id: string };
    const response = await review(new Request(`${base}/api/review?r=${id}&at=counter`), {});
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^https:\/\/www\.google\.com\/maps/);
    expect(await appModule.app().db.query('SELECT response_id, location FROM review_clicks WHERE response_id = $1', [id])).toEqual([{ response_id: id, location: 'counter' }]);
  });
});
