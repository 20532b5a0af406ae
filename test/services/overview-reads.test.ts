import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { cardCode, cardIdFromBytes } from '../../src/domain/card.ts';
import { cardActivity } from '../../src/services/card-activity.ts';
import { cardEvents } from '../../src/services/cards.ts';
import { monthlySummary } from '../../src/services/monthly-summary.ts';
import { listSubscribers, subscriberDoc } from '../../src/services/newsletter-store.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { stampCard } from '../../src/services/stamp-card.ts';
import { subscribe } from '../../src/services/subscribe.ts';
import { unsubscribe } from '../../src/services/unsubscribe.ts';
import { loadPeople } from '../support/ladder-from-records.ts';
import { countReads } from '../support/reads.ts';
import { testApp } from '../support/temp.ts';

const SECRET = 'overview-card-secret';
// Each test writes dozens of records through the real services (a lock per write): slow on a busy machine.
vi.setConfig({ testTimeout: 90_000 });
const DAY = 86_400_000;
let app: App;
let clock: Awaited<ReturnType<typeof testApp>>['clock'];
let reads: string[];
let catalog: SurveyCatalog;
let surveys: Map<string, SurveyCatalog['survey']>;
const programme = readProgramme();
let written = 0;

/** Every kind of record the overview counts, written through the real services at `iso`. */
async function history(iso: string): Promise<void> {
  const i = written++;
  clock.set(iso);
  const answers = i % 3 ? { overall: 5, nps: 10, contact: { consent: 'yes', name: `Ana ${i}`, email: `ana${i}@example.com`, language: 'en' } } : { overall: 1, nps: 2 };
  const started = new Date(Date.parse(iso) - 60_000);
  expect(await recordResponse(app, catalog, { survey: 'feedback', locale: 'en', at: 'counter', answers }, { client: `c-${i}`, started })).toMatchObject({ ok: true });
  const card = cardIdFromBytes(Buffer.from(`R${String(i).padStart(7, '0')}`));
  expect(await stampCard(app, programme, { code: cardCode(SECRET, card), key: `stamp-${i}-history` })).toMatchObject({ ok: true });
  expect(await subscribe(app, { email: `reader${i}@example.com`, locale: 'en', source: 'footer', client: `c-${i}` })).toMatchObject({ ok: true });
}

/** Keys of single records (responses, complaints, card events, subscribers) that were read, outside the day still open. */
const recordReads = (open: string) =>
  reads.filter((key) => /^(feedback\/(responses|followups|review-clicks)|cards\/days|newsletter\/subscribers)\//.test(key) && !key.includes(`/${open}/`));

beforeEach(async () => {
  const made = await testApp({ CARD_SECRET: SECRET, RESEND_API_KEY: '' });
  clock = made.clock;
  ({ app, reads } = countReads(made.app));
  catalog = readSurveyCatalog('feedback')!;
  surveys = new Map([['feedback', catalog.survey]]);
  written = 0;
});

describe('the overview and the monthly summary read rollups, not the stored history', () => {
  test('after the first view has folded the closed days, a view reads no single record of a closed day, and as many documents with twice the history', async () => {
    const content = { surveys, stampsPerReward: programme.stampsPerReward };
    /** A fresh shop with `count` days of history over September and October, viewed twice: what the second view read. */
    const secondView = async (count: number) => {
      const made = await testApp({ CARD_SECRET: SECRET, RESEND_API_KEY: '' });
      clock = made.clock;
      ({ app, reads } = countReads(made.app));
      for (let i = 0; i < count; i++) await history(new Date(Date.parse('2026-09-03T10:00:00Z') + Math.floor((i * 58) / count) * DAY).toISOString());
      clock.set('2026-11-26T10:00:00Z');
      await monthlySummary(app, content, '2026-11');
      reads.length = 0;
      const summary = await monthlySummary(app, content, '2026-11');
      return { summary, documents: reads.length, records: recordReads('2026-11-26'), monthIndexes: reads.filter((key) => key.startsWith('rollups/followups/')) };
    };
    const small = await secondView(6);
    const large = await secondView(12);
    expect(small.records).toEqual([]);
    expect(large.records).toEqual([]);
    expect(large.documents).toBe(small.documents);
    // Complaint figures come from the one summary of every month, not from each month's index of complaints.
    expect(large.monthIndexes).toEqual([]);
    expect(large.summary.newsletter.atEnd.pending).toBe(12);
    expect(large.summary.loyalty.previousStamps).toBe(2 * small.summary.loyalty.previousStamps);
  });

  test('records of the day still open count at once, from their own documents', async () => {
    await history('2026-11-20T10:00:00Z');
    clock.set('2026-11-26T10:00:00Z');
    const content = { surveys, stampsPerReward: programme.stampsPerReward };
    const first = await monthlySummary(app, content, '2026-11');
    await history('2026-11-26T09:00:00Z');
    clock.set('2026-11-26T10:00:00Z');
    const second = await monthlySummary(app, content, '2026-11');
    expect(second.loyalty.stamps).toBe(first.loyalty.stamps + 1);
    expect(second.newsletter.atEnd.pending).toBe(first.newsletter.atEnd.pending + 1);
    // The survey figures are SQL over the responses, counted at once: test/surveys/feedback-view.test.ts.
  });
});

describe('month packs agree with the records they pack', () => {
  test('cardActivity() lists what cardEvents() lists, and a second listing reads no event of a closed day', async () => {
    for (let i = 0; i < 5; i++) await history(new Date(Date.parse('2026-10-10T10:00:00Z') + i * 9 * DAY).toISOString());
    clock.set('2026-11-26T10:00:00Z');
    const events = (await cardEvents(app)).map(({ card, type, at }) => ({ card, type, at }));
    expect(await cardActivity(app)).toEqual(events);
    reads.length = 0;
    expect(await cardActivity(app)).toEqual(events);
    expect(recordReads('2026-11-26')).toEqual([]);
  });

  test('the ladder\'s people come from the packs: the same people, their answers and stamps, with no response read again', async () => {
    for (let i = 0; i < 4; i++) await history(new Date(Date.parse('2026-10-10T10:00:00Z') + i * 9 * DAY).toISOString());
    clock.set('2026-11-26T10:00:00Z');
    const people = await loadPeople(app, surveys, programme.stampsPerReward);
    expect(people.filter((p) => p.activity.npsAnswers.length === 1).map((p) => p.key).sort()).toEqual(['ana1@example.com', 'ana2@example.com']);
    expect(people.filter((p) => p.key.startsWith('card:'))).toHaveLength(4);
    reads.length = 0;
    expect(await loadPeople(app, surveys, programme.stampsPerReward)).toEqual(people);
    expect(recordReads('2026-11-26')).toEqual([]);
  });

  test('subscribers are listed from their packs, which follow every change; records from before the packs are packed once', async () => {
    clock.set('2026-11-26T10:00:00Z');
    // A record written before packs existed (as an upgraded shop has them).
    const stamp = '2026-10-01T10:00:00.000Z';
    await app.store.update(subscriberDoc('old@example.com'), (draft) => {
      draft.subscriber = { email: 'old@example.com', status: 'confirmed', locale: 'en', source: 'footer', subscribedAt: stamp, confirmedAt: stamp, updatedAt: stamp };
    });
    await subscribe(app, { email: 'one@example.com', locale: 'en', source: 'footer', client: 'a' });
    expect((await listSubscribers(app)).map((s) => s.email)).toEqual(['one@example.com', 'old@example.com']);
    await subscribe(app, { email: 'two@example.com', locale: 'es', source: 'footer', client: 'b' });
    await unsubscribe(app, 'old@example.com', 'en');
    reads.length = 0;
    expect(Object.fromEntries((await listSubscribers(app)).map((s) => [s.email, s.status]))).toEqual({ 'one@example.com': 'pending', 'two@example.com': 'pending', 'old@example.com': 'unsubscribed' });
    expect(recordReads('none')).toEqual([]);
  });
});
