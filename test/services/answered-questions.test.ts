import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { countAnswers } from '../../src/cms/safety.ts';
import { answeredQuestions, answersDoc } from '../../src/services/answered-questions.ts';
import { newRecordId } from '../../src/services/records.ts';
import { listResponses, saveResponse } from '../../src/services/responses.ts';
import { countReads } from '../support/reads.ts';
import { bothStores } from '../support/stores.ts';
import { testApp } from '../support/temp.ts';

async function setup(on: (app: App) => App) {
  const { app: base, clock } = await testApp();
  const app = on(base);
  const answer = (at: string, answers: Record<string, number | string>, survey = 'feedback') =>
    saveResponse(app, { id: newRecordId(new Date(at)), survey, locale: 'en', location: null, product: null, answers, submittedAt: at, complaint: false });
  return { app, clock, answer };
}

describe.each(bothStores)('answeredQuestions() (%s)', (_name, on) => {
  test('counts what every response counts, and reads no response of a closed day once folded', async () => {
    const { app, clock, answer } = await setup(on);
    await answer('2026-09-02T09:00:00.000Z', { overall: 5, nps: 9, old: 'a question since removed' });
    await answer('2026-11-20T09:00:00.000Z', { overall: 4, comment: '' });
    await answer('2026-11-21T09:00:00.000Z', { overall: 2 }, 'events');
    clock.set('2026-11-26T10:00:00Z');
    const counts = await answeredQuestions(app);
    expect(counts).toEqual({ feedback: { overall: 2, nps: 1, old: 1 }, events: { overall: 1 } });
    expect(counts).toEqual(countAnswers(await listResponses(app)));
    expect((await app.store.read(answersDoc)).through).toBe('2026-11-25');

    const { app: counted, reads } = countReads(app);
    expect(await answeredQuestions(counted)).toEqual(counts);
    expect(reads).toEqual([answersDoc.key]);
  });

  test("today's answers count at once, and are folded once their day has closed", async () => {
    const { app, clock, answer } = await setup(on);
    await answer('2026-11-25T09:00:00.000Z', { overall: 5 });
    clock.set('2026-11-26T08:00:00Z');
    await answeredQuestions(app);
    await answer('2026-11-26T09:00:00.000Z', { overall: 3, nps: 7 });
    clock.set('2026-11-26T10:00:00Z');
    expect(await answeredQuestions(app)).toEqual({ feedback: { overall: 2, nps: 1 } });
    expect((await app.store.read(answersDoc)).counts).toEqual({ feedback: { overall: 1 } });
    clock.set('2026-11-27T12:00:00Z');
    expect(await answeredQuestions(app)).toEqual({ feedback: { overall: 2, nps: 1 } });
    expect((await app.store.read(answersDoc)).counts).toEqual({ feedback: { overall: 2, nps: 1 } });
  });
});
