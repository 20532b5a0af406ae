import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { cardCode, cardIdFromBytes } from '../../src/domain/card.ts';
import { cardActivity } from '../../src/services/card-activity.ts';
import { cardEvents } from '../../src/services/cards.ts';
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
