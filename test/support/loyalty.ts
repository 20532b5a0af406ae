import { afterEach, beforeEach } from 'vitest';
import { readProgramme, type Loyalty } from '../../src/catalog/loyalty.ts';
import { cardCode } from '../../src/loyalty/card.ts';
import type { Db } from '../../src/db/db.ts';
import type { Engine } from './db.ts';
import { testApp } from './temp.ts';

export const CARD_SECRET = 'test-card-secret';

/** A programme quick to fill: 3 stamps a reward, 30 minutes apart, 2 a day. */
export const programme: Loyalty = { ...readProgramme(), stampsPerReward: 3, limits: { minutesBetweenStamps: 30, maxStampsPerDay: 2 } };

/** A genuine code for a card id. */
export const codeFor = (card: string): string => cardCode(CARD_SECRET, card);

type TestApp = Awaited<ReturnType<typeof testApp>>;

/**
 * For a describe block: a fresh app on `engine` (CARD_SECRET and `env()` set) before each test, closed after it.
 * Made in a hook, not in the test: a fresh PGlite takes seconds on a busy machine.
 * @example const fresh = loyaltyApps(engine); test('…', async () => { const { app, clock } = fresh(); … })
 */
export function loyaltyApps(engine: Engine, env: () => Record<string, string> = () => ({})): () => TestApp {
  let current: TestApp | undefined;
  beforeEach(async () => {
    current = await testApp({ CARD_SECRET, ...env() }, engine);
  });
  afterEach(async () => {
    await current?.app.db.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('loyaltyApps(): call it inside a test');
    return current;
  };
}

/**
 * Opens `n` pooled connections at once before a concurrency test: otherwise the pool opens them one by one
 * while the first requests finish, and simultaneous requests run one after another (measured on PostgreSQL:
 * with the card_events UNIQUE dropped, 10 redemptions of one reward gave 1 unwarmed, 2–5 warmed).
 */
export async function openConnections(db: Db, n = 20): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => db.query('SELECT pg_sleep(0.02)')));
}
