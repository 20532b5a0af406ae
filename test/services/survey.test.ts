import { describe, expect, test } from 'vitest';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { unsentMailer } from '../../src/email/unsent-mailer.ts';
import { listFollowups, sendFollowupEmail, updateFollowup } from '../../src/services/followups.ts';
import { MIN_FILL_MS, recordResponse, responseLimit, startToken, startedAt, type Submission } from '../../src/services/record-response.ts';
import { getResponse, listResponses, listReviewClicks, recordReviewClick } from '../../src/services/responses.ts';
import { readOutbox, snapshotFiles, testApp } from '../support/temp.ts';

const catalog = readSurveyCatalog('feedback') as SurveyCatalog;
const happy: Submission = { survey: 'feedback', locale: 'en', at: 'counter', product: 'house-blend', answers: { overall: 5, nps: 10 } };
const unhappy: Submission = {
  survey: 'feedback', locale: 'es', at: 'tables', product: null,
  answers: { overall: 2, nps: 3, wrong: 'El café estaba frío', contact: { consent: 'yes', name: 'Ana', email: 'ana@example.com', language: 'es' } },
};

async function setup() {
  const { app, clock, dataDir } = await testApp({ OWNER_EMAIL: 'owner@test.example' });
  // The visitor opened the page a minute ago.
  const context = { client: 'client-a', started: new Date(app.now().getTime() - 60_000) };
  return { app, clock, dataDir, context };
}

describe('recordResponse()', () => {
  test('stores a valid response in its month with location and product, and no follow-up for a happy one', async () => {
    const { app, context, dataDir } = await setup();
    const result = await recordResponse(app, catalog, happy, context);
    if (!result.ok) throw new Error(result.reason);
    expect(result.response).toMatchObject({ survey: 'feedback', locale: 'en', location: 'counter', product: 'house-blend', answers: { overall: 5, nps: 10 }, complaint: false, submittedAt: '2026-11-26T10:00:00.000Z' });
    expect(result.response.id).toMatch(/^2026-11-26-100000000-[0-9a-f]{12}$/);
    expect(result.response).not.toHaveProperty('contact');
    expect(await listResponses(app, { from: new Date('2026-11-01'), to: new Date('2026-12-01') })).toEqual([result.response]);
    expect(await getResponse(app, result.response.id)).toEqual(result.response);
    expect(await listFollowups(app)).toEqual([]);
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

  test('a complaint gets an open follow-up and an email to the owner with the score, place, answers and consented contact', async () => {
    const { app, context, dataDir } = await setup();
    const result = await recordResponse(app, catalog, unhappy, context);
    if (!result.ok) throw new Error(result.reason);
    expect(result.response.complaint).toBe(true);
    expect(result.response.contact).toEqual({ name: 'Ana', email: 'ana@example.com', language: 'es' });
    expect(result.alerted).toBe(true);
    const [followup] = await listFollowups(app);
    expect(followup).toMatchObject({
      id: result.response.id, responseId: result.response.id, status: 'open', notes: [], location: 'tables', contactedAt: null,
      reasons: [{ kind: 'rating', question: 'overall', score: 2 }, { kind: 'nps', question: 'nps', score: 3 }, { kind: 'text', question: 'wrong' }],
    });
    const [email] = await readOutbox(dataDir);
    expect(email?.headers.to).toBe('owner@test.example');
    expect(email?.headers.subject).toBe('Complaint: NPS 3 at Tables (How did we do?)');
    expect(email?.headers['reply-to']).toBe('ana@example.com');
    expect(email?.text).toContain('El café estaba frío');
    expect(email?.text).toContain('How likely are you to recommend us to a friend?: 3 / 10');
    expect(email?.text).toContain('Ana, ana@example.com, prefers Spanish');
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
    expect(result.ok && result.alerted).toBe(false);
    expect(await listFollowups(app)).toMatchObject([{ status: 'open', alertError: 'Email is not set up: RESEND_API_KEY is not set' }]);
    expect(await readOutbox(dataDir)).toEqual([]);
  });

  test('refuses invalid answers with a message per field in the visitor language, storing nothing', async () => {
    const { app, context, dataDir } = await setup();
    const before = await snapshotFiles(dataDir);
    const result = await recordResponse(app, catalog, { ...happy, locale: 'es', answers: { overall: 9 } }, context);
    expect(result).toEqual({
      ok: false, reason: 'invalid',
      fields: { 'answers.overall': ['Por favor, elija uno de los números.'], 'answers.nps': ['Por favor, responda a esta pregunta.'] },
    });
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });

  test('refuses a filled honeypot and a post faster than the minimum fill time, storing nothing', async () => {
    const { app, context, dataDir } = await setup();
    const before = await snapshotFiles(dataDir);
    expect(await recordResponse(app, catalog, { ...happy, website: 'http://spam.example' }, context)).toEqual({ ok: false, reason: 'bot' });
    const quick = { ...context, started: new Date(app.now().getTime() - MIN_FILL_MS + 1) };
    expect(await recordResponse(app, catalog, happy, quick)).toEqual({ ok: false, reason: 'too-fast' });
    expect(await recordResponse(app, catalog, happy, { ...context, started: undefined })).toEqual({ ok: false, reason: 'too-fast' });
    expect(await snapshotFiles(dataDir)).toEqual(before);
  });

  test('refuses a flood from one client while another client still gets through', async () => {
    const { app, context, clock } = await setup();
    for (let i = 0; i < responseLimit.max; i++) expect((await recordResponse(app, catalog, happy, context)).ok).toBe(true);
    expect(await recordResponse(app, catalog, happy, context)).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect((await recordResponse(app, catalog, happy, { ...context, client: 'client-b' })).ok).toBe(true);
    clock.advance(responseLimit.windowMs);
    expect((await recordResponse(app, catalog, happy, { ...context, started: new Date(app.now().getTime() - 60_000) })).ok).toBe(true);
    expect(await listResponses(app)).toHaveLength(responseLimit.max + 2);
  });
});

describe('the fill-time token', () => {
  test('startedAt() reads back the time startToken() signed, and refuses a forged or expired token', async () => {
    const { app, clock } = await setup();
    const token = startToken(app);
    expect(startedAt(app, token)).toEqual(app.now());
    expect(startedAt(app, token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBeUndefined();
    expect(startedAt(app, undefined)).toBeUndefined();
    clock.advance(25 * 3_600_000);
    expect(startedAt(app, token)).toBeUndefined();
  });
});

describe('follow-ups', () => {
  test('updateFollowup() moves open → contacted → resolved with times and notes', async () => {
    const { app, context, clock } = await setup();
    const recorded = await recordResponse(app, catalog, unhappy, context);
    if (!recorded.ok) throw new Error(recorded.reason);
    const id = recorded.response.id;
    clock.advance(3_600_000);
    const contacted = await updateFollowup(app, id, { status: 'contacted', note: 'Called Ana, she will come by on Friday' });
    expect(contacted).toMatchObject({ status: 'contacted', contactedAt: '2026-11-26T11:00:00.000Z', notes: [{ at: '2026-11-26T11:00:00.000Z', text: 'Called Ana, she will come by on Friday' }] });
    clock.advance(3_600_000);
    const resolved = await updateFollowup(app, id, { status: 'resolved' });
    expect(resolved).toMatchObject({ status: 'resolved', contactedAt: '2026-11-26T11:00:00.000Z', resolvedAt: '2026-11-26T12:00:00.000Z' });
    expect(await listFollowups(app, { status: 'open' })).toEqual([]);
    expect(await listFollowups(app, { status: 'resolved' })).toEqual([resolved]);
    expect(await updateFollowup(app, '2026-11-0000000000000000', { note: 'x' })).toBeUndefined();
    expect(await updateFollowup(app, 'nonsense', { note: 'x' })).toBeUndefined();
  });

  test('sendFollowupEmail() writes to the customer once, in their language, and marks the follow-up contacted', async () => {
    const { app, context, dataDir } = await setup();
    const recorded = await recordResponse(app, catalog, { ...unhappy, product: 'house-blend' }, context);
    if (!recorded.ok) throw new Error(recorded.reason);
    const sent = await sendFollowupEmail(app, recorded.response.id);
    expect(sent).toMatchObject({ ok: true, followup: { status: 'contacted', emailedAt: '2026-11-26T10:00:00.000Z' } });
    await sendFollowupEmail(app, recorded.response.id);
    const toAna = (await readOutbox(dataDir)).filter((email) => email.headers.to === 'ana@example.com');
    expect(toAna).toHaveLength(1);
    expect(toAna[0]?.headers.subject).toBe('Su visita a Brasa Coffee Roasters');
    expect(toAna[0]?.text).toContain('Buenos días, Ana.');
    expect(toAna[0]?.text).toContain('Según nuestros registros, usted compró Mezcla de la Casa');
  });

  test('sendFollowupEmail() refuses a complaint without an email address', async () => {
    const { app, context } = await setup();
    const recorded = await recordResponse(app, catalog, { ...unhappy, answers: { overall: 1, nps: 0 } }, context);
    if (!recorded.ok) throw new Error(recorded.reason);
    expect(await sendFollowupEmail(app, recorded.response.id)).toEqual({ ok: false, reason: 'no-email' });
    expect(await sendFollowupEmail(app, '2026-11-ffffffffffffffff')).toEqual({ ok: false, reason: 'not-found' });
  });
});

describe('review clicks', () => {
  test('are recorded by month and listed by period', async () => {
    const { app, clock } = await setup();
    await recordReviewClick(app, { responseId: null, location: 'counter' });
    clock.set('2026-12-02T09:00:00Z');
    await recordReviewClick(app, { responseId: '2026-12-abc', location: null });
    expect(await listReviewClicks(app)).toHaveLength(2);
    expect(await listReviewClicks(app, { from: new Date('2026-12-01') })).toEqual([{ at: '2026-12-02T09:00:00.000Z', responseId: '2026-12-abc', location: null }]);
  });
});
