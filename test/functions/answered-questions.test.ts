import { beforeAll, describe, expect, test } from 'vitest';
import { ownerCookie, useTempApp } from '../support/temp.ts';

type Handler = typeof import('../../netlify/functions/admin-answered-questions.mts').default;
let handler: Handler;
let cookie: string;

const get = (withCookie = true) =>
  handler(new Request('http://localhost:4321/api/admin/answered-questions', { headers: withCookie ? { cookie } : {} }), {} as never);

beforeAll(async () => {
  await useTempApp({ SESSION_SECRET: 'test-secret' });
  handler = (await import('../../netlify/functions/admin-answered-questions.mts')).default;
  const { app } = await import('../../src/app.ts');
  const { storeResponses } = await import('../support/surveys.ts');
  const { readSurveyCatalog } = await import('../../src/catalog/surveys.ts');
  cookie = await ownerCookie();
  await storeResponses(app().db, readSurveyCatalog('feedback')!.survey, [
    { answers: { overall: 5, nps: 9 }, submittedAt: '2026-10-02T09:00:00Z' },
    { answers: { overall: 4, comment: '' }, submittedAt: '2026-11-20T09:00:00Z' },
    { survey: 'events', answers: { overall: 2 }, submittedAt: '2026-11-21T09:00:00Z' },
  ]);
}, 60_000);

describe('GET /api/admin/answered-questions', () => {
  test('without the owner\'s session: 401 and no counts', async () => {
    const response = await get(false);
    expect(response.status).toBe(401);
    expect(await response.json()).not.toHaveProperty('surveys');
  });

  test('counts the stored answers per survey and question id, over every month, never cached', async () => {
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(await response.json()).toEqual({ surveys: { feedback: { overall: 2, nps: 1 }, events: { overall: 1 } } });
  });

  test('answers only GET', async () => {
    const response = await handler(new Request('http://localhost:4321/api/admin/answered-questions', { method: 'POST', headers: { cookie, origin: 'http://localhost:4321' } }), {} as never);
    expect(response.status).toBe(405);
  });
});
