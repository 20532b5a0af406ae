import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { dayKeysIn, markedSince } from '../../src/services/records.ts';
import { defineDoc } from '../../src/store/store.ts';
import { testApp } from '../support/temp.ts';

/** The app with a store that notes the prefix of every listing. */
async function listed() {
  const { app } = await testApp();
  const prefixes: string[] = [];
  const store = { ...app.store, keys: (prefix: string) => (prefixes.push(prefix), app.store.keys(prefix)) };
  for (const day of ['2026-11-01', '2026-11-25', '2026-11-26']) await store.create(defineDoc(`cards/days/${day}/100000000-X`, z.number(), () => 0), 1);
  return { app: { ...app, store }, prefixes };
}

describe('dayKeysIn()', () => {
  test("today's records are listed from today's folder alone, not the month's", async () => {
    const { app, prefixes } = await listed();
    expect(await dayKeysIn(app, 'cards/days/', { from: new Date('2026-11-26T00:00:00Z') })).toEqual(['cards/days/2026-11-26/100000000-X']);
    expect(prefixes).toEqual(['cards/days/2026-11-26/']);
  });

  test('a longer period is listed by its months', async () => {
    const { app, prefixes } = await listed();
    expect(await dayKeysIn(app, 'cards/days/', { from: new Date('2026-10-20T00:00:00Z'), to: new Date('2026-11-26T00:00:00Z') })).toEqual(['cards/days/2026-11-01/100000000-X', 'cards/days/2026-11-25/100000000-X']);
    expect(prefixes).toEqual(['cards/days/2026-10-', 'cards/days/2026-11-']);
  });
});

describe('markedSince()', () => {
  test('names what was marked since a day, once each however many changes it had', async () => {
    const { app } = await testApp();
    const mark = (day: string, name: string, time: string) => app.store.create(defineDoc(`newsletter/changes/${day}/${name}-${time}`, z.object({}), () => ({})), {});
    await mark('2026-11-25', 'a1b2', '235959000');
    await mark('2026-11-26', 'c3d4', '090000000');
    await mark('2026-11-26', 'c3d4', '100000000');
    await mark('2026-11-26', 'e5f6', '110000000');
    expect((await markedSince(app, 'newsletter/changes/', new Date('2026-11-26T00:00:00Z'))).toSorted()).toEqual(['c3d4', 'e5f6']);
  });
});
