import { beforeEach, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { scoresOfTally } from '../../src/domain/feedback-stats.ts';
import { dayTallies, totalOf } from '../../src/domain/feedback-rollup.ts';
import { feedbackDays, feedbackRollupDoc } from '../../src/services/feedback-rollups.ts';
import { SETTLE_MS } from '../../src/services/rollup-months.ts';
import { feedbackView, TEXTS_PER_PAGE } from '../../src/services/feedback-view.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { countReads } from '../support/reads.ts';
import { testApp } from '../support/temp.ts';

const DAY = 86_400_000;
let app: App;
let clock: Awaited<ReturnType<typeof testApp>>['clock'];
let catalog: SurveyCatalog;
let surveys: Map<string, SurveyCatalog['survey']>;
let reads: string[];

/** Records a response at `iso` through the real service (a new client each time keeps the flood limit out). */
async function respond(iso: string, answers: Record<string, unknown> = { overall: 5, nps: 10 }): Promise<void> {
  clock.set(iso);
  const result = await recordResponse(app, catalog, { survey: 'feedback', locale: 'en', at: 'counter', answers }, { client: `c-${iso}-${Math.random()}`, started: new Date(Date.parse(iso) - 60_000) });
  if (!result.ok) throw new Error(JSON.stringify(result));
}

beforeEach(async () => {
  const made = await testApp({ RESEND_API_KEY: '' });
  clock = made.clock;
  ({ app, reads } = countReads(made.app));
  catalog = readSurveyCatalog('feedback')!;
  surveys = new Map([['feedback', catalog.survey]]);
});

describe('feedbackDays()', () => {
  test('closed days are folded once into their month rollup; later views read no response again', async () => {
    await respond('2026-11-20T10:00:00Z', { overall: 5, nps: 10 });
    await respond('2026-11-21T10:00:00Z', { overall: 2, nps: 3 });
    clock.set('2026-11-26T10:00:00Z');
    const first = await feedbackDays(app, surveys, new Date('2026-11-01'), new Date('2026-11-27'));
    expect(first.map((d) => d.day)).toEqual(['2026-11-20', '2026-11-21']);
    expect((await app.store.read(feedbackRollupDoc('2026-11'))).through).toBe('2026-11-25');

    reads.length = 0;
    const again = await feedbackDays(app, surveys, new Date('2026-11-01'), new Date('2026-11-26'));
    expect(again).toEqual(first);
    expect(reads.filter((key) => /^(feedback\/)?responses\//.test(key))).toEqual([]);
  });

  test('the open day is read from its responses: a response shows at once, and is folded once its day has settled', async () => {
    await respond('2026-11-26T09:00:00Z', { overall: 4, nps: 9 });
    clock.set('2026-11-26T09:30:00Z');
    const today = await feedbackDays(app, surveys, new Date('2026-11-01'), new Date('2026-11-27'));
    expect(totalOf(dayTallies(today, {})).responses).toBe(1);
    expect((await app.store.read(feedbackRollupDoc('2026-11'))).days).toEqual([]);

    clock.set(new Date(Date.parse('2026-11-27T00:00:00Z') + SETTLE_MS - 1));
    await feedbackDays(app, surveys, new Date('2026-11-01'), new Date('2026-11-28'));
    expect((await app.store.read(feedbackRollupDoc('2026-11'))).through).toBe('2026-11-25');
    clock.set(new Date(Date.parse('2026-11-27T00:00:00Z') + SETTLE_MS));
    await feedbackDays(app, surveys, new Date('2026-11-01'), new Date('2026-11-28'));
    expect((await app.store.read(feedbackRollupDoc('2026-11'))).days.map((d) => d.day)).toEqual(['2026-11-26']);
  });

  test('a range over several months sums closed months, the current month and today alike', async () => {
    for (const iso of ['2026-09-15T10:00:00Z', '2026-10-31T23:59:00Z', '2026-11-01T00:00:00Z', '2026-11-26T08:00:00Z']) await respond(iso, { overall: 4, nps: 8 });
    clock.set('2026-11-26T10:00:00Z');
    const days = await feedbackDays(app, surveys, new Date('2026-09-01'), new Date('2026-11-27'));
    expect(scoresOfTally(catalog.survey, totalOf(dayTallies(days, {})))).toMatchObject({ responses: 4, passives: 4, nps: 0 });
    expect(await feedbackDays(app, surveys, new Date('2026-10-01'), new Date('2026-11-01'))).toHaveLength(1);
  });
});

describe('feedbackView(): written answers page by page', () => {
  test(`${TEXTS_PER_PAGE} per page, newest first, with the total; each page reads only the days it shows`, async () => {
    const total = 2 * TEXTS_PER_PAGE + 5;
    for (let i = 0; i < total; i++) await respond(new Date(Date.parse('2026-10-01T12:00:00Z') + i * DAY).toISOString(), { overall: 2, nps: 3, wrong: `Text ${i}` });
    await respond('2026-10-02T13:00:00Z', { overall: 5, nps: 10 });
    clock.set('2026-11-26T10:00:00Z');
    const range = { from: new Date('2026-09-28'), to: new Date('2026-11-25'), end: new Date('2026-11-26'), unit: 'week' as const };
    const view = (page: number) => feedbackView(app, surveys, { survey: { id: 'feedback', rules: catalog.survey }, filters: {}, range, page });

    const first = await view(1);
    expect(first.scores.responses).toBe(total + 1);
    expect(first.texts).toMatchObject({ total, page: 1, pages: 3 });
    expect(first.texts.items.map((item) => item.texts[0]!.text)).toEqual(Array.from({ length: TEXTS_PER_PAGE }, (_, i) => `Text ${total - 1 - i}`));

    reads.length = 0;
    const last = await view(3);
    expect(last.texts.items.map((item) => item.texts[0]!.text)).toEqual(['Text 4', 'Text 3', 'Text 2', 'Text 1', 'Text 0']);
    // Only the responses of the five days that page shows (one of them has a second response, without text).
    const read = reads.filter((key) => /^(feedback\/)?responses\//.test(key));
    expect(read).toHaveLength(6);
    expect(read.every((key) => ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05'].some((day) => key.includes(day)))).toBe(true);
    expect((await view(99)).texts.page).toBe(3);
  }, 60_000); // 46 responses recorded through the service: slow on a busy machine.
});
