import { afterEach, describe, expect, test, vi } from 'vitest';
import type { App } from '../../src/app.ts';
import { readDashboardCatalog } from '../../src/dashboard/catalog.ts';
import type { FiguresContent } from '../../src/dashboard/content.ts';
import { ladderView } from '../../src/dashboard/ladder-view.ts';
import { monthlySummary } from '../../src/dashboard/monthly-summary.ts';
import { monthIn } from '../../src/domain/periods.ts';
import { shiftMonth } from '../../src/dashboard/months.ts';
import { overview } from '../../src/dashboard/overview.ts';
import { engines } from '../support/db.ts';
import { eraseAddress, insertRows, readRows, type ShopRows } from '../support/dashboard-seed.ts';
import { addMonths, recountLadder, recountOverview, recountSummary } from '../support/dashboard-recount.ts';
import { randomHistory } from '../support/shop-history.ts';
import { testApp } from '../support/temp.ts';

/**
 * The recount test (issue 22): random sequences of records (backdated, out of order, imported, erased),
 * written as rows, and after every write each page's figures checked against a plain recount of the rows
 * in TypeScript (test/support/dashboard-recount.ts). To cover another page, add its check to `pageChecks`.
 */

// Each random history views every page after each of its writes: slow on PGlite on a busy machine.
vi.setConfig({ testTimeout: 120_000 });
const catalog = readDashboardCatalog();
const contentIn = (timeZone: string): FiguresContent => ({ surveys: catalog.surveyMap, stampsPerReward: catalog.programme.stampsPerReward, timeZone });
const madrid = contentIn('Europe/Madrid');

/** Floats as the database and JavaScript both round them: equal to 9 decimals. */
const rounded = (value: unknown): unknown =>
  typeof value === 'number' ? Math.round(value * 1e9) / 1e9
  : Array.isArray(value) ? value.map(rounded)
  : value && typeof value === 'object' && !(value instanceof Date) ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)]))
  : value;

/** `start` is the first instant of `month` on the shop's clock. */
function expectMonthStart(start: Date, month: string, timeZone: string) {
  expect(monthIn(start, timeZone)).toBe(month);
  expect(monthIn(new Date(start.getTime() - 1), timeZone)).toBe(shiftMonth(month, -1));
}

type PageCheck = (app: App, content: FiguresContent, rows: ShopRows) => Promise<void>;

/** One check per page: its view model against the recount of the same rows. */
const pageChecks: Record<string, PageCheck> = {
  async overview(app, content, rows) {
    const { start, ...figures } = await overview(app, content);
    expectMonthStart(start, figures.month, content.timeZone);
    expect(rounded(figures)).toEqual(rounded(recountOverview(rows, content, app.now())));
  },
  async 'monthly summary'(app, content, rows) {
    // Every month from the first record's to this one.
    const first = rows.responses.map((response) => response.submitted_at).concat(rows.card_events.map((event) => event.at)).sort((a, b) => a.getTime() - b.getTime())[0] ?? app.now();
    const latest = monthIn(app.now(), content.timeZone);
    for (let month = monthIn(first, content.timeZone); month <= latest; month = addMonths(month, 1)) {
      const { start, end, asOf, latestMonth, ...figures } = await monthlySummary(app, content, month);
      expect(latestMonth).toBe(latest);
      expectMonthStart(start, month, content.timeZone);
      expectMonthStart(end, shiftMonth(month, 1), content.timeZone);
      expect(asOf.getTime()).toBe(Math.min(end.getTime() - 1, app.now().getTime()));
      expect(rounded(figures), month).toEqual(rounded(recountSummary(rows, content, month)));
    }
  },
  async ladder(app, content, rows) {
    expect(await ladderView(app, content)).toEqual(recountLadder(rows, content, app.now()));
  },
};

async function checkEveryPage(app: App, content: FiguresContent): Promise<void> {
  const rows = await readRows(app.db);
  for (const check of Object.values(pageChecks)) await check(app, content, rows);
}

describe.each(engines)('the owner\'s figures against a recount of the records, on %s', (engine) => {
  let app: App;
  afterEach(() => app.db.close());

  const start = async (now: string) => {
    const made = await testApp({}, engine);
    app = made.app;
    made.clock.set(now);
    return made;
  };

  test.each([
    [1, 'Europe/Madrid', '2026-04-15T10:00:00Z'],
    [2, 'Europe/Madrid', '2026-11-01T00:30:00Z'],
    [3, 'America/New_York', '2026-03-01T03:00:00Z'],
  ])('random history %i (%s, now %s): every figure matches after every write and erasure', async (seed, timeZone, now) => {
    await start(now);
    const content = contentIn(timeZone);
    for (const step of randomHistory({ seed, now: app.now() })) {
      if ('erase' in step) await eraseAddress(app.db, step.erase);
      else await insertRows(app.db, step.write);
      await checkEveryPage(app, content);
    }
    // The history did fill the figures it checks.
    const rows = await readRows(app.db);
    expect(rows.responses.length).toBeGreaterThan(40);
    expect(rows.card_events.length).toBeGreaterThan(40);
    expect(recountLadder(rows, content, app.now()).known).toBeGreaterThan(10);
  });

  test('figures viewed, then eight backdated stamps of one card dated over the past days: the next view counts them', async () => {
    // What `npm run demo` does after the owner opened the dashboard (issue 22).
    await start('2026-11-26T10:00:00Z');
    await insertRows(app.db, randomHistory({ seed: 4, now: app.now() }).flatMap((step) => ('write' in step ? [step.write] : [])).reduce(merge));
    const before = { overview: await overview(app, madrid), summary: await monthlySummary(app, madrid, '2026-11'), ladder: await ladderView(app, madrid) };

    const day = 86_400_000;
    await insertRows(app.db, {
      cards: [{ id: 'DEMO0001', origin: 'printed', created_at: app.now() }],
      card_events: Array.from({ length: 8 }, (_, n) => ({ card_id: 'DEMO0001', type: 'stamp' as const, seq: n + 1, at: new Date(app.now().getTime() - (9 - n) * day), idempotency_key: `demo-${n}` })),
    });

    const after = { overview: await overview(app, madrid), summary: await monthlySummary(app, madrid, '2026-11'), ladder: await ladderView(app, madrid) };
    expect(after.overview.stamps).toBe(before.overview.stamps + 8);
    expect(after.overview.knownPeople).toBe(before.overview.knownPeople + 1);
    expect(after.summary.loyalty).toEqual({ ...before.summary.loyalty, stamps: before.summary.loyalty.stamps + 8, cardsUsed: before.summary.loyalty.cardsUsed + 1, rewardsEarned: before.summary.loyalty.rewardsEarned + 1 });
    expect(after.ladder.now['frequent-client']).toBe(before.ladder.now['frequent-client'] + 1);
    expect(after.ladder.movement.new).toBe(before.ladder.movement.new + 1);
    await checkEveryPage(app, madrid);
  });

  test('a response at 23:30 UTC on 31 March counts in April for Europe/Madrid, and in March for UTC', async () => {
    await start('2026-04-10T10:00:00Z');
    await insertRows(app.db, {
      responses: [{ id: '00000000-0000-4000-8000-000000000001', survey: 'feedback', locale: 'en', answers: { overall: 5, nps: 10 }, submitted_at: new Date('2026-03-31T23:30:00Z'), complaint: false, contact_email: 'late@example.com' }],
    });
    const april = await monthlySummary(app, madrid, '2026-04');
    const march = await monthlySummary(app, madrid, '2026-03');
    expect(april.feedback.scores).toMatchObject({ responses: 1, promoters: 1, nps: 100, csat: 100 });
    expect(march.feedback.scores.responses).toBe(0);
    expect(april.feedback.previous.responses).toBe(0);
    expect(april.ladder).toMatchObject({ atStart: { advocate: 0 }, atEnd: { advocate: 1 } });
    expect((await overview(app, madrid)).scores.responses).toBe(1);

    const utc = contentIn('UTC');
    expect((await monthlySummary(app, utc, '2026-03')).feedback.scores.responses).toBe(1);
    expect((await overview(app, utc)).scores.responses).toBe(0);
    await checkEveryPage(app, madrid);
    await checkEveryPage(app, utc);
  });
});

/** Two writes as one. */
function merge(a: Partial<ShopRows>, b: Partial<ShopRows>): Partial<ShopRows> {
  const merged: Partial<Record<keyof ShopRows, unknown[]>> = { ...a };
  for (const [table, list] of Object.entries(b) as [keyof ShopRows, unknown[]][]) merged[table] = [...(merged[table] ?? []), ...list];
  return merged as Partial<ShopRows>;
}
