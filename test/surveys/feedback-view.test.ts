import { describe, expect, test } from 'vitest';
import { dayOf } from '../../src/domain/periods.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { feedbackView, TEXTS_PER_PAGE } from '../../src/surveys/feedback-view.ts';
import { recordResponse } from '../../src/surveys/record-response.ts';
import { answeredQuestions, insertReviewClick } from '../../src/surveys/queries.ts';
import { responses, survey } from '../fixtures/feedback.ts';
import { engines } from '../support/db.ts';
import { freshApps, storeResponses } from '../support/surveys.ts';
import type { testApp } from '../support/temp.ts';

const surveys = [{ id: 'feedback', survey }];
const madrid = 'Europe/Madrid';
const view = async (app: Awaited<ReturnType<typeof testApp>>['app'], query: Record<string, string>, timeZone = madrid) => {
  const found = await feedbackView(app, surveys, new URLSearchParams(query), timeZone);
  if (!found) throw new Error('no survey');
  return found;
};

describe.each(engines)('feedbackView() on %s', (engine) => {
  const setup = freshApps(engine);

  test('the scores of the fixture worked by hand: NPS 0 from 3 promoters, 2 passives and 3 detractors; CSAT 4 of 7', async () => {
    const { app } = await setup();
    await storeResponses(app.db, survey, responses);
    const { scores, distributions } = await view(app, { from: '2026-10-01', to: '2026-11-30', unit: 'month' });
    expect(scores).toMatchObject({ responses: 8, promoters: 3, passives: 2, detractors: 3, nps: 0, ratings: 7 });
    expect(scores.csat).toBeCloseTo((4 / 7) * 100, 10);
    expect(scores.averageRating).toBeCloseTo(24 / 7, 10);
    const counts = Object.fromEntries(distributions.map(({ question, rows }) => [question.id, rows.map((row) => row.count)]));
    expect(counts).toEqual({ overall: [1, 1, 1, 2, 2], value: [0, 1, 0, 1, 0], nps: [1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 1], visit: [2, 1], liked: [2, 1] });
  });

  test('per month, week and day, empty periods included as gaps (null NPS), not zero', async () => {
    const { app } = await setup();
    await storeResponses(app.db, survey, responses);
    const months = await view(app, { from: '2026-10-01', to: '2026-11-30', unit: 'month' });
    expect(months.periods.map((p) => [dayOf(p.start), p.scores.responses, p.scores.nps])).toEqual([['2026-10-01', 3, 100], ['2026-11-01', 5, -60]]);
    const weeks = await view(app, { from: '2026-10-05', to: '2026-11-29', unit: 'week' });
    expect(weeks.periods.map((p) => p.scores.responses)).toEqual([2, 0, 1, 0, 2, 1, 0, 2]);
    expect(weeks.periods[1]!.scores.nps).toBeNull();
    expect(weeks.periods[7]!.scores.nps).toBe(-100);
    const days = await view(app, { from: '2026-11-23', to: '2026-11-26', unit: 'day' });
    expect(days.periods.map((p) => [dayOf(p.start), p.scores.responses])).toEqual([['2026-11-23', 0], ['2026-11-24', 1], ['2026-11-25', 1], ['2026-11-26', 0]]);
  });

  test('a response recorded now counts at once, on the shop\'s today', async () => {
    const { app, clock } = await setup();
    const catalog = readSurveyCatalog('feedback')!;
    clock.set('2026-11-26T23:30:00Z');
    const before = (await feedbackView(app, [catalog], new URLSearchParams({ unit: 'day' }), madrid))!;
    expect(await recordResponse(app, catalog, { survey: 'feedback', locale: 'en', answers: { overall: 5, nps: 10 } }, { client: 'a', started: new Date('2026-11-26T23:00:00Z') })).toMatchObject({ ok: true });
    const after = (await feedbackView(app, [catalog], new URLSearchParams({ unit: 'day' }), madrid))!;
    // 23:30 UTC is already 27 November in Madrid: the default range ends on the shop's today, which holds it.
    expect(dayOf(after.range.to)).toBe('2026-11-27');
    expect(after.periods.at(-1)?.scores.responses).toBe(before.periods.at(-1)!.scores.responses + 1);
  });

  test('a response at 2026-03-31T23:30:00Z counts in April for Europe/Madrid, and in March for UTC', async () => {
    const { app } = await setup();
    await storeResponses(app.db, survey, [{ answers: { overall: 5, nps: 10 }, submittedAt: '2026-03-31T23:30:00Z' }]);
    const perMonth = async (timeZone: string) =>
      (await view(app, { from: '2026-03-01', to: '2026-04-30', unit: 'month' }, timeZone)).periods.map((p) => [dayOf(p.start), p.scores.responses]);
    expect(await perMonth(madrid)).toEqual([['2026-03-01', 0], ['2026-04-01', 1]]);
    expect(await perMonth('UTC')).toEqual([['2026-03-01', 1], ['2026-04-01', 0]]);
    // A range of the shop's days: 1 April in Madrid holds it, 31 March does not.
    expect((await view(app, { from: '2026-04-01', to: '2026-04-01', unit: 'day' })).scores.responses).toBe(1);
    expect((await view(app, { from: '2026-03-31', to: '2026-03-31', unit: 'day' })).scores.responses).toBe(0);
  });

  test.each([
    [{ location: 'tables' }, 2],
    [{ location: 'none' }, 1],
    [{ product: 'house-blend' }, 2],
    [{ product: 'none' }, 6],
    [{ language: 'es' }, 2],
    [{ language: 'es', product: 'house-blend' }, 1],
    [{ survey: 'nonexistent' }, 8],
    [{}, 8],
  ])('filters %o count %i responses', async (filters, count) => {
    const { app } = await setup();
    await storeResponses(app.db, survey, responses);
    expect((await view(app, { from: '2026-10-01', to: '2026-11-30', ...filters })).scores.responses).toBe(count);
  });

  test('offers "unknown" only when the range holds an unknown location or product', async () => {
    const { app } = await setup();
    await storeResponses(app.db, survey, [
      { answers: { overall: 5, nps: 9 }, location: 'unknown', submittedAt: '2026-11-02T10:00:00Z' },
      { answers: { overall: 5, nps: 9 }, product: 'unknown', submittedAt: '2026-11-20T10:00:00Z' },
    ]);
    expect((await view(app, { from: '2026-11-01', to: '2026-11-10' })).unknownSeen).toEqual({ location: true, product: false });
    expect((await view(app, { from: '2026-11-11', to: '2026-11-30' })).unknownSeen).toEqual({ location: false, product: true });
  });

  test(`written answers: ${TEXTS_PER_PAGE} a page, newest first, with the total; a page past the end shows the last`, async () => {
    const { app } = await setup();
    const total = 2 * TEXTS_PER_PAGE + 5;
    await storeResponses(app.db, survey, [
      ...Array.from({ length: total }, (_, i) => ({ answers: { overall: 2, nps: 3, wrong: `Text ${i}` }, submittedAt: new Date(Date.parse('2026-10-01T12:00:00Z') + i * 86_400_000) })),
      { answers: { overall: 5, nps: 10, wrong: '  ' }, submittedAt: '2026-10-02T13:00:00Z' },
    ]);
    const range = { from: '2026-09-28', to: '2026-11-25' };
    const first = await view(app, range);
    expect(first.scores.responses).toBe(total + 1);
    expect(first.texts).toMatchObject({ total, page: 1, pages: 3, first: 1 });
    expect(first.texts.items.map((item) => item.texts[0]!.text)).toEqual(Array.from({ length: TEXTS_PER_PAGE }, (_, i) => `Text ${total - 1 - i}`));
    const last = await view(app, { ...range, page: '3' });
    expect(last.texts.items.map((item) => item.texts.map((t) => `${t.question.id}: ${t.text}`))).toEqual([4, 3, 2, 1, 0].map((i) => [`wrong: Text ${i}`]));
    expect((await view(app, { ...range, page: '99' })).texts).toMatchObject({ page: 3, first: 41 });
  });
});

describe.each(engines)('answeredQuestions() and review clicks on %s', (engine) => {
  const setup = freshApps(engine);

  test('counts the answers stored per survey and question id, a blank answer as none, questions since removed included', async () => {
    const { app } = await setup();
    await storeResponses(app.db, survey, [
      { answers: { overall: 5, nps: 9, old: 'a question since removed' }, submittedAt: '2026-09-02T09:00:00Z' },
      { answers: { overall: 4, comment: '', liked: [] }, submittedAt: '2026-11-20T09:00:00Z' },
      { survey: 'events', answers: { overall: 2 }, submittedAt: '2026-11-21T09:00:00Z' },
    ]);
    expect(await answeredQuestions(app.db)).toEqual({ feedback: { overall: 2, nps: 1, old: 1 }, events: { overall: 1 } });
  });

  test('a review click keeps the response it came from only when that response exists', async () => {
    const { app } = await setup();
    const [id] = await storeResponses(app.db, survey, [{ answers: { overall: 5, nps: 10 }, submittedAt: '2026-11-20T09:00:00Z' }]);
    for (const responseId of [id!, '00000000-0000-4000-8000-000000000000', 'not-an-id', null]) await insertReviewClick(app.db, { at: app.now(), responseId, location: 'counter' });
    expect(await app.db.query('SELECT response_id FROM review_clicks ORDER BY id')).toEqual([{ response_id: id }, { response_id: null }, { response_id: null }, { response_id: null }]);
  });
});
