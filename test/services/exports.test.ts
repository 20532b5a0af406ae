import { beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readCollection } from '../../src/catalog/read.ts';
import { surveySchema, type Survey } from '../../src/catalog/survey.ts';
import { exportCsv, exportKinds } from '../../src/services/exports.ts';
import { cardEvents } from '../../src/services/cards.ts';
import { listFollowups } from '../../src/services/followups.ts';
import { newRecordId } from '../../src/services/records.ts';
import { followupDoc, followupsDoc, listResponses, responseDoc, responsesDoc, type Followup, type SurveyResponse } from '../../src/services/responses.ts';
import { seedDashboard } from '../fixtures/seed-dashboard.ts';
import { tempDir, testApp } from '../support/temp.ts';

const now = new Date('2026-11-26T10:00:00Z');
let app: App;
let surveys: Map<string, Survey>;
const rows = async (...args: Parameters<typeof exportCsv>) => (await new Response(exportCsv(...args)).text()).trimEnd().split('\r\n').slice(1);

beforeAll(async () => {
  ({ app } = await seedDashboard(await tempDir(), now));
  surveys = new Map(readCollection('surveys', surveySchema).map((entry) => [entry.id, entry.data]));
}, 60_000);

describe('exportCsv() cut by a period', () => {
  const period = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };

  test('responses, complaints and card events: only what falls in the period, oldest first', async () => {
    const responses = await rows(app, 'responses', surveys, period);
    expect(responses.map((row) => row.split(',')[0])).toEqual((await listResponses(app, period)).map((r) => r.id));
    expect(responses.length).toBeGreaterThan(0);
    expect((await rows(app, 'complaints', surveys, period)).length).toBe((await listFollowups(app, period)).length);
    expect((await rows(app, 'card-events', surveys, period)).length).toBe((await cardEvents(app, period)).length);
  });

  test('without a period: everything, across every month stored', async () => {
    expect(await rows(app, 'responses', surveys)).toHaveLength((await listResponses(app)).length);
  });

  test('a period with nothing in it is a header alone, for every kind', async () => {
    for (const kind of exportKinds) {
      expect(await rows(app, kind, surveys, { from: new Date('2020-01-01'), to: new Date('2020-02-01') }), kind).toEqual([]);
    }
  });
});

describe('exportCsv() read a day at a time', () => {
  test('the same rows in time order when one month holds both the month document of before and day records, cut inside a day', async () => {
    const { app: shop } = await testApp();
    const response = (id: string, at: string): SurveyResponse => ({ id, survey: 'feedback', locale: 'en', location: null, product: null, answers: { overall: 4 }, submittedAt: at, complaint: true });
    const followup = (r: SurveyResponse): Followup => ({
      id: r.id, responseId: r.id, survey: 'feedback', locale: 'en', location: null, product: null, reasons: [{ kind: 'nps', question: 'nps', score: 2 }], notes: [],
      status: 'open', createdAt: r.submittedAt, contactedAt: null, resolvedAt: null, emailedAt: null,
    });
    // September 2026: six responses in the month document (an older version's), eight as day records, interleaved over three days.
    const times = ['2026-09-01T08:00:00.000Z', '2026-09-01T12:30:00.000Z', '2026-09-01T18:00:00.000Z', '2026-09-02T09:00:00.000Z', '2026-09-02T23:59:59.000Z', '2026-09-03T00:00:00.000Z', '2026-09-03T07:15:00.000Z'];
    const stored: SurveyResponse[] = [];
    for (const [i, at] of [...times, ...times].entries()) {
      if (i % 2) stored.push(response(`2026-09-${i.toString(16).padStart(16, '0')}`, at));
      else stored.push(response(newRecordId(new Date(at)), at));
    }
    const [legacy, records] = [stored.filter((r) => !responseDoc(r.id)), stored.filter((r) => responseDoc(r.id))];
    await shop.store.update(responsesDoc('2026-09'), (draft) => void draft.items.push(...legacy));
    await shop.store.update(followupsDoc('2026-09'), (draft) => void draft.items.push(...legacy.map(followup)));
    for (const r of records) {
      await shop.store.create(responseDoc(r.id)!, r);
      await shop.store.create(followupDoc(r.id)!, followup(r));
    }
    const period = { from: new Date('2026-09-01T12:00:00Z'), to: new Date('2026-09-03T07:00:00Z') };
    const expected = stored.filter((r) => r.submittedAt >= period.from.toISOString() && r.submittedAt < period.to.toISOString()).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
    const ids = (csv: string[]) => csv.map((row) => row.split(',')[0]);
    const createdAt = (csv: string[]) => csv.map((row) => row.split(',')[1]);

    const responses = await rows(shop, 'responses', surveys, period);
    expect(responses).toHaveLength(10);
    expect(ids(responses).toSorted()).toEqual(expected.map((r) => r.id).toSorted());
    expect(responses.map((row) => row.split(',')[2])).toEqual(expected.map((r) => r.submittedAt));
    const complaints = await rows(shop, 'complaints', surveys, period);
    expect(ids(complaints).toSorted()).toEqual(expected.map((r) => r.id).toSorted());
    expect(createdAt(complaints)).toEqual(expected.map((r) => r.submittedAt));
    expect(await rows(shop, 'responses', surveys)).toHaveLength(14);
  });
});

