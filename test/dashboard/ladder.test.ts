import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { movementOf, rungIndexSql, rungs, type Rung } from '../../src/dashboard/ladder.ts';
import { engines, freshDb } from '../support/db.ts';

interface Facts {
  subscribed: boolean;
  visits: number;
  reward_cycles: number;
  latest_nps: number | null;
  review_clicks: number;
}
const none: Facts = { subscribed: false, visits: 0, reward_cycles: 0, latest_nps: null, review_clicks: 0 };

describe.each(engines)('the rung rules (rungIndexSql) on %s', (engine) => {
  let db: Db;
  beforeAll(async () => void (db = await freshDb(engine)));
  afterAll(() => db.close());

  const rungOf = async (facts: Facts): Promise<Rung> => {
    const [row] = await db.query(
      `SELECT ${rungIndexSql} AS rung FROM (SELECT $1::boolean AS subscribed, $2::int AS visits, $3::int AS reward_cycles, $4::numeric AS latest_nps, $5::int AS review_clicks) AS facts`,
      [facts.subscribed, facts.visits, facts.reward_cycles, facts.latest_nps, facts.review_clicks],
    );
    return rungs[Number(row!.rung)]!;
  };

  test.each<[string, Partial<Facts>, Rung]>([
    ['known only (a pending subscriber, a survey contact)', {}, 'suspect'],
    ['a confirmed subscriber who never bought', { subscribed: true }, 'prospect'],
    ['one day with stamps', { visits: 1 }, 'first-time-buyer'],
    ['one day with stamps, also a subscriber', { visits: 1, subscribed: true }, 'first-time-buyer'],
    ['stamps on two days', { visits: 2 }, 'customer'],
    ['a completed card', { visits: 8, reward_cycles: 1 }, 'frequent-client'],
    ['a regular who scored 7 (a passive)', { visits: 12, reward_cycles: 1, latest_nps: 7 }, 'frequent-client'],
    ['NPS 9', { visits: 1, latest_nps: 9 }, 'advocate'],
    ['NPS 10 without any stamp', { latest_nps: 10 }, 'advocate'],
    ['NPS 8 is not enough', { visits: 2, latest_nps: 8 }, 'customer'],
    ['clicked the review link after scoring 10', { latest_nps: 10, review_clicks: 1 }, 'promoter'],
    ['clicked the review link, no score known', { visits: 3, review_clicks: 2 }, 'promoter'],
    ['clicked the review link once, then scored 4: no longer a promoter', { visits: 3, latest_nps: 4, review_clicks: 1 }, 'customer'],
    ['a detractor with no visits', { latest_nps: 2 }, 'suspect'],
  ])('%s → %s', async (_name, facts, rung) => {
    expect(await rungOf({ ...none, ...facts })).toBe(rung);
  });
});

describe('movementOf()', () => {
  const index = (rung: Rung) => rungs.indexOf(rung);

  test('counts who arrived (new or from another rung), who moved up or down, and who stayed', () => {
    const movement = movementOf([
      { from: null, to: index('promoter'), people: 1 },
      { from: index('prospect'), to: index('first-time-buyer'), people: 2 },
      { from: index('advocate'), to: index('customer'), people: 1 },
      { from: index('suspect'), to: index('suspect'), people: 5 },
    ]);
    expect(movement).toMatchObject({ new: 1, up: 2, down: 1, same: 5 });
    expect(movement.byRung['first-time-buyer']).toEqual({ arrived: 2, left: 0 });
    expect(movement.byRung.prospect).toEqual({ arrived: 0, left: 2 });
    expect(movement.byRung.advocate).toEqual({ arrived: 0, left: 1 });
    expect(movement.byRung.customer).toEqual({ arrived: 1, left: 0 });
    expect(movement.byRung.promoter).toEqual({ arrived: 1, left: 0 });
    expect(movement.byRung.suspect).toEqual({ arrived: 0, left: 0 });
  });

  test('nobody moved: all zero', () => {
    expect(movementOf([])).toMatchObject({ new: 0, up: 0, down: 0, same: 0 });
  });
});
