import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { PAGE_ROWS } from '../../src/db/pages.ts';
import { surveyCsv } from '../../src/surveys/exports.ts';
import { changeFollowup, readFollowupContent } from '../../src/surveys/followups.ts';
import { engines } from '../support/db.ts';
import { freshApps, storeResponses } from '../support/surveys.ts';

const { surveys } = readFollowupContent();
const survey = surveys.get('feedback')!;
const madrid = { tz: 'Europe/Madrid' };
const lines = async (stream: ReadableStream<Uint8Array>) => (await new Response(stream).text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe.each(engines)('surveyCsv() on %s', (engine) => {
  const setup = freshApps(engine);

  test('responses: a column per question, times on the shop\'s clock, formulas neutralised, the contact only when given', async () => {
    const { app } = await setup();
    await storeResponses(app.db, survey, [
      { answers: { overall: 5, nps: 10, liked: ['taste', 'service'], old: 'since removed' }, location: 'counter', submittedAt: '2026-03-31T23:30:00Z' },
      { answers: { overall: 1, nps: 2, wrong: '=cmd|" /C calc"!A0' }, locale: 'es', submittedAt: '2026-07-01T10:00:00Z', contact: { name: 'Ben', email: 'ben@example.com', language: 'es' } },
    ]);
    const [header, first, second, ...rest] = await lines(surveyCsv(app, 'responses', surveys, madrid));
    expect(header).toBe('id,survey,submitted_at,language,location,product,complaint,overall,quality,value,nps,visit,liked,wrong,drink,other_answers,contact_name,contact_email,contact_phone,contact_language');
    expect(rest).toEqual([]);
    // 23:30 UTC on 31 March is 01:30 on 1 April in Madrid (summer time).
    expect(first).toMatch(/^[0-9a-f-]{36},feedback,2026-04-01 01:30:00,en,counter,,no,5,,,10,,taste; service,,,old: since removed,,,,$/);
    expect(second).toMatch(/^[0-9a-f-]{36},feedback,2026-07-01 12:00:00,es,,,yes,1,,,2,,,"'=cmd\|"" \/C calc""!A0",,,Ben,ben@example\.com,,es$/);
  });

  test('only the shop\'s days asked for: 1 April in Madrid starts at 22:00 UTC on 31 March', async () => {
    const { app } = await setup();
    await storeResponses(app.db, survey, ['2026-03-31T21:59:59Z', '2026-03-31T22:00:00Z', '2026-04-30T21:59:59Z', '2026-04-30T22:00:00Z'].map((submittedAt) => ({ answers: { overall: 4, nps: 8 }, submittedAt })));
    const rows = (await lines(surveyCsv(app, 'responses', surveys, { from: '2026-04-01', to: '2026-04-30', ...madrid }))).slice(1);
    expect(rows.map((row) => row.split(',')[2])).toEqual(['2026-04-01 00:00:00', '2026-04-30 23:59:59']);
    expect(await lines(surveyCsv(app, 'responses', surveys, { from: '2020-01-01', to: '2020-01-31', ...madrid }))).toHaveLength(1);
  });

  test(`reads keyset pages of ${PAGE_ROWS} as the stream is read: every row once, oldest first, ties included`, async () => {
    const { app } = await setup();
    // 3,500 responses, ten at each instant, so pages end inside a run of equal times.
    await app.db.query(`INSERT INTO responses (survey, locale, answers, submitted_at)
      SELECT 'feedback', 'en', '{"overall": 4, "nps": 8}', timestamptz '2026-01-01 00:00Z' + (g / 10) * interval '1 minute' FROM generate_series(0, 3499) AS g`);
    const statements: string[] = [];
    const counted: App = { ...app, db: { ...app.db, query: (text, params) => (statements.push(text), app.db.query(text, params)) } };
    const reader = surveyCsv(counted, 'responses', surveys, madrid).getReader();
    await reader.read();
    // The first chunk needed the first page or two, not all four.
    expect(statements.length).toBeLessThanOrEqual(2);
    let text = '';
    const decoder = new TextDecoder();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value);
    expect(statements).toHaveLength(4);
    const rows = (await lines(surveyCsv(app, 'responses', surveys, madrid))).slice(1);
    expect(rows).toHaveLength(3500);
    expect(new Set(rows.map((row) => row.split(',')[0])).size).toBe(3500);
    const times = rows.map((row) => row.split(',')[2]!);
    expect(times).toEqual(times.toSorted());
    expect(text.length).toBeGreaterThan(0);
  });

  test('complaints: status, reasons, times on the shop\'s clock, hours to first contact and the notes', async () => {
    const { app, clock } = await setup();
    const [id] = await storeResponses(app.db, survey, [{ answers: { overall: 2, nps: 3, wrong: 'Cold' }, submittedAt: '2026-11-26T09:00:00Z', contact: { phone: '+34 600 000 000', language: 'es' } }]);
    await storeResponses(app.db, survey, [{ answers: { overall: 5, nps: 10 }, submittedAt: '2026-11-26T09:30:00Z' }]);
    clock.set('2026-11-26T11:30:00Z');
    await changeFollowup(app, id!, { status: 'contacted', note: 'Phoned her\n=1+1' });
    const [header, row, ...rest] = await lines(surveyCsv(app, 'complaints', surveys, madrid));
    expect(header).toBe('id,created_at,status,reasons,survey,language,location,product,contact_name,contact_email,contact_phone,contact_language,contacted_at,hours_to_first_contact,resolved_at,emailed_at,notes');
    expect(rest).toEqual([]);
    expect(row).toBe(`${id},2026-11-26 10:00:00,contacted,overall: 2; nps: 3; wrong: text,feedback,en,,,,,'+34 600 000 000,es,2026-11-26 12:30:00,2.5,,,"2026-11-26 12:30:00 Phoned her\n'=1+1"`);
  });
});
