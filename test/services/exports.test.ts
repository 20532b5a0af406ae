import { beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { exportCsv } from '../../src/services/exports.ts';
import { cardEvents } from '../../src/services/cards.ts';
import { seedDashboard } from '../fixtures/seed-dashboard.ts';
import { tempDir } from '../support/temp.ts';

const now = new Date('2026-11-26T10:00:00Z');
let app: App;
const rows = async (...args: Parameters<typeof exportCsv>) => (await new Response(exportCsv(...args)).text()).trimEnd().split('\r\n').slice(1);

beforeAll(async () => {
  ({ app } = await seedDashboard(await tempDir(), now));
}, 60_000);

describe('exportCsv() cut by a period', () => {
  const period = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };

  test('card events: only what falls in the period, oldest first (the survey CSVs: test/surveys/exports.test.ts)', async () => {
    expect((await rows(app, 'card-events', period)).length).toBe((await cardEvents(app, period)).length);
  });

  test('a period with nothing in it is a header alone, for every kind', async () => {
    for (const kind of ['subscribers', 'card-events'] as const) {
      expect(await rows(app, kind, { from: new Date('2020-01-01'), to: new Date('2020-02-01') }), kind).toEqual([]);
    }
  });
});
