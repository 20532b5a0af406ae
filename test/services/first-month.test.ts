import { expect, test } from 'vitest';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { firstMonth } from '../../src/services/rollup-months.ts';
import { testApp } from '../support/temp.ts';

const catalog = readSurveyCatalog('feedback') as SurveyCatalog;

test('the first month of stored records is looked up once, then kept', async () => {
  const { app, clock } = await testApp();
  const prefixes = ['responses/', 'feedback/responses/'];
  expect(await firstMonth(app, prefixes)).toBeUndefined();
  for (const at of ['2026-03-10T10:00:00Z', '2026-05-02T10:00:00Z']) {
    clock.set(at);
    const answers = { overall: 4, nps: 9 };
    expect(await recordResponse(app, catalog, { survey: 'feedback', locale: 'en', at: null, product: null, answers }, { client: at, started: new Date(Date.parse(at) - 60_000) })).toMatchObject({ ok: true });
  }
  const listed: string[] = [];
  const counted = { ...app, store: { ...app.store, firstKey: (prefix: string) => (listed.push(prefix), app.store.firstKey(prefix)) } };
  expect(await firstMonth(counted, prefixes)).toBe('2026-03');
  expect(listed.toSorted()).toEqual(['feedback/responses/', 'responses/']);
  listed.length = 0;
  // Later views (of any function instance: it is stored) do not look again; only a prefix with no key yet is looked up.
  expect(await firstMonth(counted, prefixes)).toBe('2026-03');
  expect(listed).toEqual(['responses/']);
});
