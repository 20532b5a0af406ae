import { beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { readCollection } from '../../src/catalog/read.ts';
import { surveySchema, type Survey } from '../../src/catalog/survey.ts';
import { exportCsv, exportKinds } from '../../src/services/exports.ts';
import { cardEvents } from '../../src/services/cards.ts';
import { listFollowups } from '../../src/services/followups.ts';
import { listResponses } from '../../src/services/responses.ts';
import { seedDashboard } from '../fixtures/seed-dashboard.ts';
import { tempDir } from '../support/temp.ts';

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
