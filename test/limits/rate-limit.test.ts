import { describe, expect, test } from 'vitest';
import { hit, take } from '../../src/limits/rate-limit.ts';
import type { RateLimit } from '../../src/limits/window.ts';
import { engines } from '../support/db.ts';
import { appsOn } from '../support/temp.ts';

const limit: RateLimit = { name: 'responses', max: 20, windowMs: 10 * 60_000 };

describe.each(engines)('hit() on %s', (engine) => {
  const fresh = appsOn(engine);

  test('a sliding window: no more than the limit in any 10 minutes, also across a clock boundary', async () => {
    const { app, clock } = await fresh();
    // One post every 2.5 s from 10:09:30 to 10:10:30: a fixed window restarting at 10:10 would take 20 + 12.
    clock.set('2026-11-26T10:09:30Z');
    let accepted = 0;
    for (let i = 0; i < 25; i++) {
      if ((await hit(app, limit, 'client-a', app.now())).ok) accepted++;
      clock.advance(2500);
    }
    expect(accepted).toBe(limit.max);
  });

  test('Retry-After is when the oldest counted attempt leaves the window', async () => {
    const { app, clock } = await fresh();
    for (let i = 0; i < limit.max; i++) {
      await hit(app, limit, 'client-a', app.now());
      clock.advance(10_000);
    }
    // The first attempt was 200 s ago; it leaves the 600 s window in 400 s.
    expect(await hit(app, limit, 'client-a', app.now())).toEqual({ ok: false, retryAfter: 400 });
    clock.advance(400_000);
    expect(await hit(app, limit, 'client-a', app.now())).toEqual({ ok: true });
  });

  test('release() gives an attempt back', async () => {
    const { app } = await fresh();
    const small: RateLimit = { name: 'login-staff', max: 1, windowMs: 60_000 };
    const first = await take(app, small, 'k', app.now());
    expect(first.ok).toBe(true);
    if (first.ok) await first.release();
    expect((await take(app, small, 'k', app.now())).ok).toBe(true);
  });

  test('keys whose window passed are dropped: a year of clients leaves only the active ones', async () => {
    const { app, clock } = await fresh();
    for (let day = 0; day < 60; day++) {
      clock.set(new Date(Date.UTC(2026, 0, 1 + day, 9)));
      await hit(app, limit, `client-${day}`, app.now());
    }
    expect(await app.db.query('SELECT key FROM rate_limits')).toEqual([{ key: 'client-59' }]);
  });

  test('50 simultaneous attempts by one key: exactly the limit is counted', async () => {
    const { app } = await fresh();
    const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => hit(app, limit, 'client-a', new Date(Date.UTC(2026, 10, 26, 10, 0, 0, i)))));
    expect(verdicts.filter((verdict) => verdict.ok)).toHaveLength(limit.max);
  });
});
