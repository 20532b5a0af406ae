import { afterEach, describe, expect, test, vi } from 'vitest';
import type { App } from '../../src/app.ts';
import { readDashboardCatalog } from '../../src/dashboard/catalog.ts';
import { figuresContent } from '../../src/dashboard/content.ts';
import { ladderView } from '../../src/dashboard/ladder-view.ts';
import { monthlySummary } from '../../src/dashboard/monthly-summary.ts';
import { overview } from '../../src/dashboard/overview.ts';
import { complaintFigures, knownPeople, ladderAt, loyaltyFigures, subscribersAt, surveyScores } from '../../src/dashboard/queries.ts';
import { dashboardRows, insertRows, type SubscriberRow } from '../support/dashboard-seed.ts';
import { engines } from '../support/db.ts';
import { testApp } from '../support/temp.ts';

// A fresh PGlite database per test: slow to start on a busy machine.
vi.setConfig({ testTimeout: 60_000 });
const content = { ...figuresContent(readDashboardCatalog()), timeZone: 'Europe/Madrid' };
const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe.each(engines)('the owner’s figures on %s', (engine) => {
  let app: App;
  afterEach(() => app.db.close());
  const start = async (now = '2026-11-26T10:00:00Z') => {
    const made = await testApp({}, engine);
    made.clock.set(now);
    app = made.app;
  };

  describe('over a small shop (test/support/dashboard-seed.ts dashboardRows)', () => {
    test('the ladder places Ana as a promoter, Ben as a customer, Elena as a prospect, Carla and Dan as suspects, and the three unregistered cards on their own', async () => {
      await start();
      await insertRows(app.db, dashboardRows(app.now(), content.stampsPerReward, content.timeZone));
      const ladder = await ladderView(app, content);
      expect(ladder.now).toEqual({ promoter: 1, advocate: 0, 'frequent-client': 0, customer: 2, 'first-time-buyer': 2, prospect: 1, suspect: 2 });
      expect(ladder.known).toBe(8);
      expect(ladder.months.map(({ month }) => month)).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
      expect((await overview(app, content)).knownPeople).toBe(8);
    });

    test("the summary shows this month's issue with its delivery figures and rates, and the reward redeemed", async () => {
      await start();
      await insertRows(app.db, dashboardRows(app.now(), content.stampsPerReward, content.timeZone));
      const summary = await monthlySummary(app, content, '2026-11');
      expect(summary.newsletter.issue).toEqual({ sent: 2, failed: 0 });
      expect(summary.newsletter.delivery?.figures).toMatchObject({ sent: 2, delivered: 2, opened: 1, bounced: 0 });
      expect(summary.newsletter.delivery?.rates).toMatchObject({ delivered: 1, opened: 0.5, bounced: 0 });
      expect(summary.newsletter.atEnd).toEqual({ pending: 1, confirmed: 2, unsubscribed: 1 });
      expect(summary.loyalty.redeemed).toBe(1);
      expect(summary.asOf).toEqual(app.now());
      expect((await monthlySummary(app, content, '2026-10')).newsletter.issue).toBeUndefined();
    });
  });

  describe('subscribersAt()', () => {
    const subscriber = (email: string, dates: Partial<SubscriberRow>): SubscriberRow => ({
      email,
      status: 'pending',
      locale: 'en',
      source: 'footer',
      subscribed_at: at('2026-09-01T10:00:00Z'),
      confirmed_at: null,
      unsubscribed_at: null,
      updated_at: at('2026-09-01T10:00:00Z'),
      consent_at: null,
      ...dates,
    });

    test('counts each address in the state its dated steps leave it in at each moment; a tie goes to the later step', async () => {
      await start();
      const t = at('2026-09-01T10:00:00Z');
      await insertRows(app.db, {
        subscribers: [
          subscriber('confirmed-later@example.com', { status: 'confirmed', confirmed_at: at('2026-10-10T10:00:00Z'), updated_at: at('2026-10-10T10:00:00Z') }),
          // Unsubscribed without ever signing up: both dates at once.
          subscriber('never-signed-up@example.com', { status: 'unsubscribed', unsubscribed_at: t }),
          // Back after leaving: pending again.
          subscriber('back@example.com', { confirmed_at: at('2026-08-01T10:00:00Z'), unsubscribed_at: at('2026-08-15T10:00:00Z'), subscribed_at: at('2026-10-20T10:00:00Z'), updated_at: at('2026-10-20T10:00:00Z') }),
        ],
      });
      const [september, october, november] = await subscribersAt(app.db, [at('2026-09-01T00:00:00Z'), at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z')]);
      expect(september).toEqual({ pending: 0, confirmed: 0, unsubscribed: 1 });
      expect(october).toEqual({ pending: 1, confirmed: 0, unsubscribed: 2 });
      expect(november).toEqual({ pending: 1, confirmed: 1, unsubscribed: 1 });
    });

    test('once its last change is past, an address is in its status', async () => {
      await start();
      // A status written without its date: the figures follow the status from the change on.
      await insertRows(app.db, { subscribers: [subscriber('bounced@example.com', { status: 'unsubscribed', confirmed_at: at('2026-09-02T10:00:00Z'), updated_at: at('2026-10-05T10:00:00Z') })] });
      const [before, after] = await subscribersAt(app.db, [at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z')]);
      expect(before).toEqual({ pending: 0, confirmed: 1, unsubscribed: 0 });
      expect(after).toEqual({ pending: 0, confirmed: 0, unsubscribed: 1 });
    });
  });

  test('loyaltyFigures(): a reward is earned by the stamp that fills the card in time, however the stamps were written', async () => {
    await start();
    const stamps = ['2026-11-20', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11', '2026-11-21'];
    await insertRows(app.db, {
      cards: [{ id: 'K1', origin: 'printed', created_at: at('2026-10-01T10:00:00Z') }],
      // Written in this order: the first stamp written is dated last but one.
      card_events: stamps.map((day, n) => ({ card_id: 'K1', type: 'stamp' as const, seq: n + 1, at: at(`${day}T10:00:00Z`), idempotency_key: `k${n}` })),
    });
    const figures = (from: string, to: string) => loyaltyFigures(app.db, at(from), at(to), 8);
    expect(await figures('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z')).toMatchObject({ stamps: 7, rewardsEarned: 0, cardsUsed: 1 });
    expect(await figures('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toMatchObject({ stamps: 2, rewardsEarned: 1, cardsUsed: 1 });
  });

  test('surveyScores(): only scores stored as numbers count; without a survey, nothing', async () => {
    await start();
    const response = (n: number, answers: Record<string, unknown>) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, survey: 'feedback', locale: 'en', answers, submitted_at: at('2026-11-10T10:00:00Z'), complaint: false, contact_email: null });
    await insertRows(app.db, { responses: [response(1, { nps: 10, overall: 5 }), response(2, { nps: 3, overall: 2 }), response(3, { nps: '9', overall: '4' })] });
    const scores = await surveyScores(app.db, { survey: 'feedback', nps: 'nps', rating: 'overall' }, at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'));
    expect(scores).toEqual({ responses: 3, promoters: 1, passives: 0, detractors: 1, nps: 0, ratings: 2, csat: 50, averageRating: 3.5 });
    expect(await surveyScores(app.db, undefined, at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'))).toMatchObject({ responses: 0, nps: null, csat: null, averageRating: null });
  });

  test('complaintFigures(): the lower median of the hours to first contact, and those within two days', async () => {
    await start();
    const created = at('2026-11-02T10:00:00Z');
    const hours = [5, 30, 50, null];
    await insertRows(app.db, {
      responses: hours.map((_h, n) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, survey: 'feedback', locale: 'en', answers: {}, submitted_at: created, complaint: true, contact_email: null })),
      followups: hours.map((h, n) => ({ response_id: `00000000-0000-4000-8000-00000000000${n}`, reasons: ['low-nps'], status: h === null ? ('open' as const) : ('contacted' as const), created_at: created, contacted_at: h === null ? null : new Date(created.getTime() + h * HOUR), resolved_at: null })),
    });
    expect(await complaintFigures(app.db, at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'))).toEqual({ received: 4, resolved: 0, openNow: 1, medianHoursToContact: 30, contactedWithinTwoDays: 2 });
  });

  test("ladderAt(): stamps on one day of the shop's calendar are one visit, however many cards and however the UTC day falls", async () => {
    await start();
    const stamp = (card: string, seq: number, iso: string) => ({ card_id: card, type: 'stamp' as const, seq, at: at(iso), idempotency_key: `${card}-${seq}` });
    await insertRows(app.db, {
      cards: ['S1', 'S2', 'S3'].map((id) => ({ id, origin: 'printed' as const, created_at: at('2026-09-01T08:00:00Z') })),
      card_events: [
        // Ana: two stamps on 1 September UTC, the second at 00:30 on 2 September in Madrid: two visits.
        stamp('S1', 1, '2026-09-01T08:00:00Z'), stamp('S1', 2, '2026-09-01T22:30:00Z'),
        // Bea: two cards stamped on the same Madrid day, then a third stamp on a later day, on the first card.
        stamp('S2', 1, '2026-09-03T08:00:00Z'), stamp('S3', 1, '2026-09-03T12:00:00Z'), stamp('S2', 2, '2026-09-03T18:00:00Z'), stamp('S2', 3, '2026-09-20T10:00:00Z'),
      ],
      card_registrations: [
        { card_id: 'S1', name: 'Ana', email: 'ana@example.com', locale: 'es', newsletter: false, registered_at: at('2026-09-01T08:00:00Z'), updated_at: at('2026-09-01T08:00:00Z') },
        ...['S2', 'S3'].map((card_id) => ({ card_id, name: 'Bea', email: 'bea@example.com', locale: 'es' as const, newsletter: false, registered_at: at('2026-09-03T08:00:00Z'), updated_at: at('2026-09-03T08:00:00Z') })),
      ],
    });
    const rules = { timeZone: 'Europe/Madrid', stampsPerReward: 8, npsQuestions: new Map([['feedback', 'nps']]) };
    const { counts: [mid, end] } = await ladderAt(app.db, [at('2026-09-10T00:00:00Z'), at('2026-10-01T00:00:00Z')], rules);
    // On 10 September Ana is a customer (rung 3) and Bea has visited once (a first-time buyer, rung 2); by October Bea has come back.
    expect(mid).toEqual(new Map([[2, 1], [3, 1]]));
    expect(end).toEqual(new Map([[3, 2]]));
  });

  test('ladderAt(): a fact exactly at a moment counts from the next one; someone steady stays on their rung at every later moment; moves are into the last moment', async () => {
    await start();
    const [september, october, november] = [at('2026-09-01T00:00:00Z'), at('2026-10-01T00:00:00Z'), at('2026-11-01T00:00:00Z')];
    const answer = (n: number, email: string, nps: number, submitted_at: Date) => ({
      id: `00000000-0000-4000-8000-00000000000${n}`, survey: 'feedback', locale: 'en', answers: { nps }, submitted_at, complaint: false, contact_email: email,
    });
    await insertRows(app.db, {
      // Ana's card is first stamped exactly as October starts: she is not known at that moment, only at the next.
      cards: [{ id: 'B1', origin: 'printed', created_at: october }],
      card_events: [{ card_id: 'B1', type: 'stamp', seq: 1, at: october, idempotency_key: 'b1' }],
      card_registrations: [{ card_id: 'B1', name: 'Ana', email: 'ana@example.com', locale: 'es', newsletter: false, registered_at: october, updated_at: october }],
      responses: [
        // Ben scored 10 in August and nothing since; Cai scored 3 exactly as November starts (it counts after it);
        // Dee scored 3 in October.
        answer(1, 'ben@example.com', 10, at('2026-08-15T10:00:00Z')),
        answer(2, 'cai@example.com', 10, at('2026-08-15T10:00:00Z')),
        answer(3, 'cai@example.com', 3, november),
        answer(4, 'dee@example.com', 10, at('2026-08-15T10:00:00Z')),
        answer(5, 'dee@example.com', 3, at('2026-10-15T10:00:00Z')),
      ],
    });
    const rules = { timeZone: 'Europe/Madrid', stampsPerReward: 8, npsQuestions: new Map([['feedback', 'nps']]) };
    const ladder = await ladderAt(app.db, [september, october, november], rules);
    // Rungs: 0 suspect, 2 first-time buyer, 5 advocate.
    expect(ladder.counts).toEqual([new Map([[5, 3]]), new Map([[5, 3]]), new Map([[0, 1], [2, 1], [5, 2]])]);
    const moves = ladder.moves.toSorted((a, b) => (a.from ?? -1) - (b.from ?? -1) || a.to - b.to);
    expect(moves).toEqual([{ from: null, to: 2, people: 1 }, { from: 5, to: 0, people: 1 }, { from: 5, to: 5, people: 2 }]);
  });

  test('knownPeople() counts the people ladderAt() places: a card counts for its customer, with the stamps it had before being registered', async () => {
    await start();
    await insertRows(app.db, {
      cards: [{ id: 'K2', origin: 'printed', created_at: at('2026-09-01T10:00:00Z') }],
      card_events: [{ card_id: 'K2', type: 'stamp', seq: 1, at: at('2026-09-01T10:00:00Z'), idempotency_key: 'a' }, { card_id: 'K2', type: 'stamp', seq: 2, at: at('2026-09-08T10:00:00Z'), idempotency_key: 'b' }],
      card_registrations: [{ card_id: 'K2', name: 'Eva', email: 'eva@example.com', locale: 'es', newsletter: false, registered_at: at('2026-10-15T10:00:00Z'), updated_at: at('2026-10-15T10:00:00Z') }],
    });
    const rules = { timeZone: 'Europe/Madrid', stampsPerReward: 8, npsQuestions: new Map([['feedback', 'nps']]) };
    const { counts: [october] } = await ladderAt(app.db, [at('2026-10-01T00:00:00Z')], rules);
    // Eva is a customer at the start of October: both visits were hers, though she registered the card later.
    expect(october).toEqual(new Map([[3, 1]]));
    expect(await knownPeople(app.db, at('2026-10-01T00:00:00Z'))).toBe(1);
    expect(await knownPeople(app.db, at('2026-09-01T00:00:00Z'))).toBe(0);
  });
});
