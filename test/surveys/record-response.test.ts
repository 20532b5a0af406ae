import { describe, expect, test } from 'vitest';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { unsentMailer } from '../../src/email/unsent-mailer.ts';
import { findComplaint, findResponse } from '../../src/surveys/queries.ts';
import { MIN_FILL_MS, readStart, recordResponse, responseLimit, startToken, type Submission } from '../../src/surveys/record-response.ts';
import { engines, rowCounts } from '../support/db.ts';
import { freshApps } from '../support/surveys.ts';
import { readOutbox, testApp } from '../support/temp.ts';

const catalog = readSurveyCatalog('feedback') as SurveyCatalog;
const happy: Submission = { survey: 'feedback', locale: 'en', at: 'counter', product: 'house-blend', answers: { overall: 5, nps: 10 } };
const unhappy: Submission = {
  survey: 'feedback', locale: 'es', at: 'tables', product: null,
  answers: { overall: 2, nps: 3, wrong: 'El café estaba frío', contact: { consent: 'yes', name: 'Ana', email: 'ana@example.com', language: 'es' } },
};

describe.each(engines)('recordResponse() on %s', (engine) => {
  const fresh = freshApps(engine, { OWNER_EMAIL: 'owner@test.example' });
  async function setup() {
    const made = await fresh();
    // The visitor opened the page a minute ago.
    const context = { client: 'client-a', started: new Date(made.app.now().getTime() - 60_000) };
    return { ...made, context };
  }

  test('stores a valid response with its location and product, and no follow-up for a happy one', async () => {
    const { app, context, dataDir } = await setup();
    const result = await recordResponse(app, catalog, happy, context);
    if (!result.ok) throw new Error(result.reason);
    expect(result.response).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), survey: 'feedback', locale: 'en', location: 'counter', product: 'house-blend',
      answers: { overall: 5, nps: 10 }, submittedAt: new Date('2026-11-26T10:00:00Z'), complaint: false, contact: undefined,
    });
    expect(await findResponse(app.db, result.response.id)).toEqual(result.response);
    expect(await rowCounts(app.db)).toMatchObject({ responses: 1, followups: 0 });
    expect(await readOutbox(dataDir)).toEqual([]);
  });

  test('records unknown locations and products as "unknown" and missing ones as null', async () => {
    const { app, context } = await setup();
    const unknown = await recordResponse(app, catalog, { ...happy, at: 'roof-terrace', product: 'es/mystery' }, context);
    const missing = await recordResponse(app, catalog, { ...happy, at: undefined, product: '' }, context);
    const prefixed = await recordResponse(app, catalog, { ...happy, product: 'es/house-blend' }, context);
    expect(unknown.ok && [unknown.response.location, unknown.response.product]).toEqual(['unknown', 'unknown']);
    expect(missing.ok && [missing.response.location, missing.response.product]).toEqual([null, null]);
    expect(prefixed.ok && prefixed.response.product).toBe('house-blend');
  });

  test('a complaint is stored with its open follow-up, and the owner is emailed the score, place, answers and consented contact at the shop\'s time', async () => {
    const { app, context, dataDir } = await setup();
    const result = await recordResponse(app, catalog, unhappy, context);
    if (!result.ok) throw new Error(result.reason);
    expect(result.response).toMatchObject({ complaint: true, contact: { name: 'Ana', email: 'ana@example.com', language: 'es' } });
    expect(result.alerted).toBe(true);
    expect((await findComplaint(app.db, result.response.id))?.followup).toEqual({
      id: result.response.id, status: 'open', createdAt: result.response.submittedAt, contactedAt: null, resolvedAt: null, emailed: null, alertError: null, notes: [],
      reasons: [{ kind: 'rating', question: 'overall', score: 2 }, { kind: 'nps', question: 'nps', score: 3 }, { kind: 'text', question: 'wrong' }],
    });
    const [email] = await readOutbox(dataDir);
    expect(email?.headers.to).toBe('owner@test.example');
    expect(email?.headers.subject).toBe('Complaint: NPS 3 at Tables (How did we do?)');
    expect(email?.headers['reply-to']).toBe('ana@example.com');
    expect(email?.text).toContain('El café estaba frío');
    expect(email?.text).toContain('How likely are you to recommend us to a friend?: 3 / 10');
    expect(email?.text).toContain('Ana, ana@example.com, prefers Spanish');
    // 10:00 UTC is 11:00 in Madrid (content/site/site.yaml), the owner's clock.
    expect(email?.text).toContain('on 26 November 2026 at 11:00');
    expect(email?.text).toContain(`/admin/followups/?show=${result.response.id}`);
  });

  test('the owner\'s language (ownerLocale in site.yaml) is the alert\'s language, whatever the customer wrote in', async () => {
    const { app, context, dataDir } = await setup();
    const spanishOwner = { ...catalog, site: { ...catalog.site, ownerLocale: 'es' as const } };
    await recordResponse(app, spanishOwner, { ...unhappy, locale: 'en', answers: { ...unhappy.answers, contact: { consent: 'yes', name: 'Ana', email: 'ana@example.com', language: 'en' } } }, context);
    const [email] = await readOutbox(dataDir);
    expect(email?.headers.subject).toMatch(/^Queja: NPS 3 en Mesas/);
    expect(email?.text).toContain('Ana, ana@example.com, prefiere inglés');
  });

  test('a complaint whose alert cannot be sent is still recorded, marked with why the alert was not sent', async () => {
    const { app, context, dataDir } = await setup();
    const mailer = unsentMailer({ from: app.mailer.from, reason: 'Email is not set up: RESEND_API_KEY is not set' });
    const result = await recordResponse({ ...app, mailer }, catalog, unhappy, context);
    if (!result.ok) throw new Error(result.reason);
    expect(result.alerted).toBe(false);
    expect((await findComplaint(app.db, result.response.id))?.followup).toMatchObject({ status: 'open', alertError: 'Email is not set up: RESEND_API_KEY is not set' });
    expect(await readOutbox(dataDir)).toEqual([]);
  });

  test('refuses invalid answers with a message per field in the visitor language, storing nothing', async () => {
    const { app, context } = await setup();
    const result = await recordResponse(app, catalog, { ...happy, locale: 'es', answers: { overall: 9 } }, context);
    expect(result).toEqual({
      ok: false, reason: 'invalid',
      fields: { 'answers.overall': ['Por favor, elija uno de los números.'], 'answers.nps': ['Por favor, responda a esta pregunta.'] },
    });
    expect(await rowCounts(app.db)).toMatchObject({ responses: 0, followups: 0, rate_limits: 0 });
  });

  test('refuses a filled honeypot and a post faster than the minimum fill time, storing nothing', async () => {
    const { app, context } = await setup();
    expect(await recordResponse(app, catalog, { ...happy, website: 'http://spam.example' }, context)).toEqual({ ok: false, reason: 'bot' });
    const quick = { ...context, started: new Date(app.now().getTime() - MIN_FILL_MS + 1) };
    expect(await recordResponse(app, catalog, happy, quick)).toEqual({ ok: false, reason: 'too-fast' });
    expect(await recordResponse(app, catalog, happy, { ...context, started: undefined })).toEqual({ ok: false, reason: 'too-fast' });
    expect(await rowCounts(app.db)).toMatchObject({ responses: 0, followups: 0 });
  });

  test('refuses a flood from one client while another client still gets through', async () => {
    const { app, context, clock } = await setup();
    for (let i = 0; i < responseLimit.max; i++) expect((await recordResponse(app, catalog, happy, context)).ok).toBe(true);
    expect(await recordResponse(app, catalog, happy, context)).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect((await recordResponse(app, catalog, happy, { ...context, client: 'client-b' })).ok).toBe(true);
    clock.advance(responseLimit.windowMs);
    expect((await recordResponse(app, catalog, happy, { ...context, started: new Date(app.now().getTime() - 60_000) })).ok).toBe(true);
    expect((await rowCounts(app.db)).responses).toBe(responseLimit.max + 2);
  });

  test('a post repeating a stored key answers with the first response: one response, one follow-up, one alert', async () => {
    const { app, context, dataDir } = await setup();
    const first = await recordResponse(app, catalog, { ...unhappy, key: 'island-key-1' }, context);
    const again = await recordResponse(app, catalog, { ...unhappy, key: 'island-key-1' }, { ...context, client: 'client-b' });
    if (!first.ok || !again.ok) throw new Error('refused');
    expect(again).toEqual({ ok: true, response: first.response, alerted: false });
    expect(await rowCounts(app.db)).toMatchObject({ responses: 1, followups: 1 });
    expect(await readOutbox(dataDir)).toHaveLength(1);
  });

  test('20 simultaneous posts with one key store one response and one follow-up; 50 with their own keys store 50', async () => {
    const { app } = await setup();
    // Each from its own client, so the flood limit stays out of it.
    const post = (key: string, i: number) => recordResponse(app, catalog, { ...unhappy, key }, { client: `client-${key}-${i}`, started: new Date(app.now().getTime() - 60_000) });
    const same = await Promise.all(Array.from({ length: 20 }, (_, i) => post('one-key-for-all', i)));
    expect(same.every((result) => result.ok)).toBe(true);
    expect(new Set(same.map((result) => result.ok && result.response.id)).size).toBe(1);
    expect(await rowCounts(app.db)).toMatchObject({ responses: 1, followups: 1 });
    const different = await Promise.all(Array.from({ length: 50 }, (_, i) => post(`key-${String(i).padStart(4, '0')}`, i)));
    expect(different.filter((result) => result.ok)).toHaveLength(50);
    expect(await rowCounts(app.db)).toMatchObject({ responses: 51, followups: 51 });
  });
});

describe('the fill-time token', () => {
  test('readStart() reads back the time startToken() signed and a key of its own per page view, and refuses a forged or expired token', async () => {
    const { app, clock } = await testApp();
    const token = startToken(app);
    const start = readStart(app, token);
    expect(start?.at).toEqual(app.now());
    // Two views in the same millisecond are two keys.
    expect(readStart(app, startToken(app))?.key).not.toBe(start?.key);
    expect(readStart(app, token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeUndefined();
    expect(readStart(app, undefined)).toBeUndefined();
    clock.advance(25 * 3_600_000);
    expect(readStart(app, token)).toBeUndefined();
    await app.db.close();
  });
});
