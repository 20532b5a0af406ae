import { describe, expect, test, vi } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { readSurveyCatalog, type SurveyCatalog } from '../../src/catalog/surveys.ts';
import { cardCode, cardIdFromBytes } from '../../src/domain/card.ts';
import { rungRecord, stateTotals } from '../../src/domain/people-rollup.ts';
import { listSubscribers, updateSubscriber } from '../../src/services/newsletter-store.ts';
import { countsAtDays, foldPeople, peopleNow, peopleTallyDoc } from '../../src/services/people-rollup.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { registerCard } from '../../src/services/register-card.ts';
import { recordReviewClick } from '../../src/services/responses.ts';
import { stampCard } from '../../src/services/stamp-card.ts';
import { subscribe } from '../../src/services/subscribe.ts';
import { unsubscribe } from '../../src/services/unsubscribe.ts';
import { blobsBackend } from '../../src/store/blobs-backend.ts';
import { createStore } from '../../src/store/document-store.ts';
import { MemoryBlobs } from '../../src/store/memory-blobs.ts';
import type { Store } from '../../src/store/store.ts';
import { loadPeople, rungCounts, statesAt } from '../support/ladder-from-records.ts';
import { countReads } from '../support/reads.ts';
import { testApp } from '../support/temp.ts';

// Each history writes a few hundred records through the real services: slow on a busy machine.
vi.setConfig({ testTimeout: 120_000 });
const SECRET = 'people-rollup-secret';
const DAY = 86_400_000;
const catalog = readSurveyCatalog('feedback') as SurveyCatalog;
const surveys = new Map([['feedback', catalog.survey]]);
const programme = readProgramme();
const content = { surveys, stampsPerReward: programme.stampsPerReward };

/** The app on a store, and another instance of the same store (another function instance or process). */
type On = (app: App, dataDir: string) => { app: App; twin: () => Store };
const stores: [string, On][] = [
  ['file store', (app, dataDir) => ({ app, twin: () => createApp({ DATA_DIR: dataDir, STORE: 'file' }).store })],
  [
    'Blobs stand-in',
    (app) => {
      const blobs = new MemoryBlobs();
      return { app: { ...app, store: createStore(blobsBackend(blobs)) }, twin: () => createStore(blobsBackend(blobs)) };
    },
  ],
];

/**
 * A shop's history written through the real services, a new customer every
 * `everyDays` from `first`: they sign up (most confirm, some leave), register a
 * card and get stamps on later visits, answer the survey with an address, and
 * some click the review link. Cards are registered before their first stamp, so
 * the ladder of every record and the running rollup must agree exactly.
 */
async function history(on: On, first: string, customers: number, everyDays = 2) {
  const made = await testApp({ CARD_SECRET: SECRET, RESEND_API_KEY: '' });
  const { app, twin } = on(made.app, made.dataDir);
  const { clock } = made;
  const start = Date.parse(first);
  for (let i = 0; i < customers; i++) {
    const email = `guest${i}@example.com`;
    const at = (days: number) => clock.set(new Date(start + i * everyDays * DAY + days * DAY + (i % 7) * 3_600_000));
    at(0);
    await subscribe(app, { email, locale: i % 3 ? 'en' : 'es', source: 'footer', client: `c${i}` });
    if (i % 4) {
      at(0.1);
      const stamp = app.now().toISOString();
      await updateSubscriber(app.store, email, (draft) => void Object.assign(draft.subscriber!, { status: 'confirmed', confirmedAt: stamp, updatedAt: stamp }));
    }
    const card = cardIdFromBytes(Buffer.from(`P${String(i).padStart(7, '0')}`));
    if (i % 5 !== 1) {
      at(0.2);
      await registerCard(app, cardCode(SECRET, card), { name: `Guest ${i}`, email, birthday: null, language: 'en', newsletter: false }, `c${i}`);
    }
    for (let visit = 0; visit < i % 6; visit++) {
      at(1 + visit * 3);
      await stampCard(app, programme, { code: cardCode(SECRET, card), key: `stamp-${i}-${visit}-history` });
    }
    if (i % 3 !== 2) {
      at(2);
      const nps = (i * 7) % 11;
      const answers = { overall: 4, nps, contact: { consent: 'yes', name: `Guest ${i}`, email, language: 'en' } };
      const result = await recordResponse(app, catalog, { survey: 'feedback', locale: 'en', at: 'counter', product: null, answers }, { client: `r${i}`, started: new Date(app.now().getTime() - 60_000) });
      if (!result.ok) throw new Error(result.reason);
      if (nps >= 9) {
        at(2.1);
        await recordReviewClick(app, { responseId: result.response.id, location: 'counter' });
      }
    }
    if (i % 7 === 3) {
      at(20);
      await unsubscribe(app, email, 'en');
    }
  }
  return { app, clock, twin };
}

/** The ladder and subscriber counts at `moment`, computed from every stored record (what the rollup replaces). */
async function fromEveryRecord(app: App, moment: Date) {
  const people = await loadPeople(app, surveys, programme.stampsPerReward);
  return { rungs: rungCounts(people.map((person) => person.activity), moment), newsletter: statesAt(await listSubscribers(app), moment) };
}

const monthEnd = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 1) - 1);

describe.each(stores)('the people rollup (%s)', (_name, on) => {
  test('agrees with the ladder and subscriber states computed from every record, at each month end and now', async () => {
    const { app, clock } = await history(on, '2026-07-03T09:00:00Z', 70);
    clock.set('2026-11-26T15:00:00Z');
    // Today's records count at once, before any fold could hold them.
    await subscribe(app, { email: 'today@example.com', locale: 'en', source: 'footer', client: 'today' });
    const now = await peopleNow(app, content);
    expect(now.complete).toBe(true);
    const months = ['2026-07', '2026-08', '2026-09', '2026-10'];
    const days = [...months.map((month) => monthEnd(month).toISOString().slice(0, 10)), '2026-11-26'];
    const counted = await countsAtDays(app, days, now);
    for (const [index, moment] of [...months.map(monthEnd), app.now()].entries()) {
      const expected = await fromEveryRecord(app, moment);
      expect({ day: days[index], rungs: rungRecord(counted[index]!.rungs), newsletter: stateTotals(counted[index]!.newsletter) }).toEqual({ day: days[index], ...expected });
    }
    expect(stateTotals(now.tally.newsletter).pending).toBeGreaterThan(0);

    // Whatever arrives later today counts at the next view: a confirmation, a registration, a stamp, an answer.
    clock.set('2026-11-26T16:00:00Z');
    const stamp = app.now().toISOString();
    await updateSubscriber(app.store, 'today@example.com', (draft) => void Object.assign(draft.subscriber!, { status: 'confirmed', confirmedAt: stamp, updatedAt: stamp }));
    const card = cardIdFromBytes(Buffer.from('TODAY001'));
    await registerCard(app, cardCode(SECRET, card), { name: 'Today', email: 'today@example.com', birthday: null, language: 'en', newsletter: false }, 'today');
    await stampCard(app, programme, { code: cardCode(SECRET, card), key: 'stamp-today-after' });
    const later = await peopleNow(app, content);
    const [counts] = await countsAtDays(app, ['2026-11-26'], later);
    expect({ rungs: rungRecord(counts!.rungs), newsletter: stateTotals(counts!.newsletter) }).toEqual(await fromEveryRecord(app, app.now()));
  });

  test('a fold cut off by its deadline leaves the counts unfinished and says so; the next one finishes them', async () => {
    const { app, clock } = await history(on, '2026-03-03T09:00:00Z', 40);
    clock.set('2026-11-26T15:00:00Z');
    // Past the deadline before the first span: nothing is folded, and the view says so.
    const cut = await peopleNow(app, content, -1);
    expect(cut).toMatchObject({ complete: false, through: null });
    const whole = await peopleNow(app, content);
    expect(whole).toMatchObject({ complete: true, through: '2026-11-25' });
    expect(rungRecord(whole.tally.rungs)).toEqual((await fromEveryRecord(app, app.now())).rungs);
  });

  test('a fold that died after writing its people, before the counts, is resumed by the next one and counts each person once', async () => {
    const { app, clock } = await history(on, '2026-09-03T09:00:00Z', 30);
    clock.set('2026-11-26T15:00:00Z');
    let commits = 0;
    const dies: Store = {
      ...app.store,
      // The second write of the tally is the commit of the first span: it fails as a killed function would.
      update: (doc, change) => (doc.key === peopleTallyDoc.key && ++commits === 2 ? Promise.reject(new Error('killed')) : app.store.update(doc, change)),
    };
    await expect(foldPeople({ ...app, store: dies }, content, Date.now() + 60_000)).rejects.toThrow('killed');
    // The span is leased to the dead fold for a minute; then anyone resumes it.
    expect((await foldPeople(app, content, Date.now() + 60_000)).complete).toBe(false);
    clock.advance(61_000);
    const now = await peopleNow(app, content);
    expect(now.complete).toBe(true);
    expect(rungRecord(now.tally.rungs)).toEqual((await fromEveryRecord(app, app.now())).rungs);
  });

  test('two instances folding at once count each person once', async () => {
    const { app, clock, twin } = await history(on, '2026-08-03T09:00:00Z', 40);
    clock.set('2026-11-26T15:00:00Z');
    const folds = await Promise.all([app, { ...app, store: twin() }, { ...app, store: twin() }].map(async (instance) => (await foldPeople(instance, content, Date.now() + 60_000)).complete));
    // One folds; the others find the span taken and leave it (their view says the counts are not finished).
    expect(folds).toContain(true);
    expect((await app.store.read(peopleTallyDoc)).through).toBe('2026-11-25');
    const now = await peopleNow(app, content);
    expect(rungRecord(now.tally.rungs)).toEqual((await fromEveryRecord(app, app.now())).rungs);
  });

  test('once folded, a view reads the tally and the months it shows, however many records there are', async () => {
    const reads = async (customers: number, everyDays: number) => {
      const { app, clock } = await history(on, '2026-06-03T09:00:00Z', customers, everyDays);
      clock.set('2026-11-26T15:00:00Z');
      await peopleNow(app, content);
      const counted = countReads(app);
      const now = await peopleNow(counted.app, content);
      await countsAtDays(counted.app, ['2026-08-31', '2026-09-30', '2026-10-31', '2026-11-26'], now);
      return counted.reads.filter((key) => key.startsWith('rollups/people/') || /^(feedback|cards\/days|newsletter\/subscribers)\//.test(key));
    };
    // The same five months, with 10 customers and with 60.
    const [few, many] = [await reads(10, 12), await reads(60, 2)];
    expect(many.filter((key) => !key.startsWith('rollups/people/'))).toEqual([]);
    // The tally (once: the fold's check gives the view its counts), today's counts as last computed (no record of
    // today arrived since), and the day counts of the three closed months shown.
    const expected = ['rollups/people/days/2026-08', 'rollups/people/days/2026-09', 'rollups/people/days/2026-10', 'rollups/people/live', 'rollups/people/tally'];
    expect(many.toSorted()).toEqual(expected);
    // A quieter shop had no change in a month: it reads the month before instead, already read.
    expect(expected).toEqual(expect.arrayContaining(few));
  });
});
