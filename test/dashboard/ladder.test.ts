import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Db } from '../../src/db/db.ts';
import { movementOf, rungIndexSql, rungs, type Rung } from '../../src/dashboard/ladder.ts';
import { engines, freshDb } from '../support/db.ts';

interface Facts {
  subscribed: boolean;
  visited: boolean;
  returned: boolean;
  fullCard: boolean;
  latestNps: number | null;
  reviewed: boolean;
}
const none: Facts = { subscribed: false, visited: false, returned: false, fullCard: false, latestNps: null, reviewed: false };

describe.each(engines)('the rung rules (rungIndexSql) on %s', (engine) => {
  let db: Db;
  beforeAll(async () => void (db = await freshDb(engine)));
  afterAll(() => db.close());

  const rungOf = async (facts: Facts): Promise<Rung> => {
    const columns = { subscribed: 'subscribed', visited: 'visited', returned: 'returned', fullCard: 'full_card', latestNps: 'latest_nps', reviewed: 'reviewed' };
    const [row] = await db.query(
      `SELECT ${rungIndexSql(columns)} AS rung
       FROM (SELECT $1::boolean AS subscribed, $2::boolean AS visited, $3::boolean AS returned, $4::boolean AS full_card, $5::numeric AS latest_nps, $6::boolean AS reviewed) AS facts`,
      [facts.subscribed, facts.visited, facts.returned, facts.fullCard, facts.latestNps, facts.reviewed],
    );
    return rungs[Number(row!.rung)]!;
  };

  test.each<[string, Partial<Facts>, Rung]>([
    ['known only (a pending subscriber, a survey contact)', {}, 'suspect'],
    ['a confirmed subscriber who never bought', { subscribed: true }, 'prospect'],
    ['one day with stamps', { visited: true }, 'first-time-buyer'],
    ['one day with stamps, also a subscriber', { visited: true, subscribed: true }, 'first-time-buyer'],
    ['stamps on two days', { visited: true, returned: true }, 'customer'],
    ['a completed card', { visited: true, returned: true, fullCard: true }, 'frequent-client'],
    ['a regular who scored 7 (a passive)', { visited: true, returned: true, fullCard: true, latestNps: 7 }, 'frequent-client'],
    ['NPS 9', { visited: true, latestNps: 9 }, 'advocate'],
    ['NPS 10 without any stamp', { latestNps: 10 }, 'advocate'],
    ['NPS 8 is not enough', { visited: true, returned: true, latestNps: 8 }, 'customer'],
    ['clicked the review link after scoring 10', { latestNps: 10, reviewed: true }, 'promoter'],
    ['clicked the review link, no score known', { visited: true, returned: true, reviewed: true }, 'promoter'],
    ['clicked the review link once, then scored 4: no longer a promoter', { visited: true, returned: true, latestNps: 4, reviewed: true }, 'customer'],
    ['a detractor with no visits', { latestNps: 2 }, 'suspect'],
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
