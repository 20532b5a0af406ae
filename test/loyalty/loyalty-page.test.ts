import { describe, expect, test } from 'vitest';
import { rangeFrom } from '../../src/dashboard/range.ts';
import type { App } from '../../src/app.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { issueBatch } from '../../src/loyalty/batches.ts';
import { demoCard } from '../../src/loyalty/demo-card.ts';
import { issueDigitalCard } from '../../src/loyalty/digital-card.ts';
import { CARDS_PER_PAGE, loyaltyPage } from '../../src/loyalty/loyalty-page.ts';
import { registerCard } from '../../src/loyalty/register-card.ts';
import { redeemReward, stampCard } from '../../src/loyalty/stamp-and-redeem.ts';
import { engines } from '../support/db.ts';
import { codeFor, loyaltyApps, programme } from '../support/loyalty.ts';

const timeZone = 'Europe/Madrid';
const anyTime = { ...programme, limits: { minutesBetweenStamps: 0, maxStampsPerDay: 50 } };
const range = (params: Record<string, string>, now: Date) => rangeFrom(new URLSearchParams(params), now, timeZone);
const view = (app: App, input: { page?: number; card?: string; range?: Record<string, string>; perReward?: number } = {}) =>
  loyaltyPage(app, { programme: { stampsPerReward: input.perReward ?? programme.stampsPerReward }, range: range(input.range ?? {}, app.now()), timeZone, page: input.page ?? 1, card: input.card ?? null });

describe.each(engines)('loyaltyPage() on %s', (engine) => {
  const fresh = loyaltyApps(engine);
  let keys = 0;
  /** A stamp (or redemption) of `card` at `iso`, within no limit but one per key. */
  const at = async (app: App, clock: { set: (iso: string) => void }, card: string, iso: string, type: 'stamp' | 'redeem' = 'stamp') => {
    clock.set(iso);
    const result = await (type === 'stamp' ? stampCard : redeemReward)(app, anyTime, { code: codeFor(card), key: `test-key-${keys++}` });
    if (!result.ok) throw new Error(`${type} of ${card} at ${iso} refused: ${result.reason}`);
  };

  test('a page viewed before `npm run demo` shows the demo card at once on the next view (the reported bug)', async () => {
    const { app } = fresh();
    const before = await view(app);
    expect(before.totals.all).toMatchObject({ inUse: 0, stamps: 0, earned: 0 });
    expect(before.cards.items).toEqual([]);
    const demo = readProgramme();
    await demoCard(app, demo);
    const after = await view(app, { perReward: demo.stampsPerReward });
    expect(after.totals.all).toMatchObject({ issued: 1, inUse: 1, activeRecently: 1, stamps: demo.stampsPerReward, earned: 1, redeemed: 0 });
    expect(after.cards.items).toMatchObject([{ stamps: demo.stampsPerReward, earned: 1, redeemed: 0 }]);
    expect(after.activity.stamps).toBe(demo.stampsPerReward);
  });

  test('figures by origin: printed and digital cards issued, in use, active, stamps, rewards earned and redeemed; members', async () => {
    const { app, clock } = fresh();
    await issueBatch(app, 20);
    clock.set('2026-09-01T09:00:00Z');
    const digital = await issueDigitalCard(app, { locale: 'es', client: '192.0.2.8' });
    if (!digital.ok) throw new Error(digital.reason);
    await issueDigitalCard(app, { locale: 'en', client: '192.0.2.8' });
    // An old printed card: 4 stamps (1 reward, redeemed) in September; a digital one: 3 stamps this month.
    for (const day of ['02', '03', '04', '05']) await at(app, clock, 'PRNT0001', `2026-09-${day}T10:00:00Z`);
    await at(app, clock, 'PRNT0001', '2026-09-06T10:00:00Z', 'redeem');
    for (const day of ['20', '21', '22']) await at(app, clock, digital.card, `2026-11-${day}T10:00:00Z`);
    await at(app, clock, 'PRNT0002', '2026-11-25T10:00:00Z');
    await registerCard(app, codeFor('PRNT0001'), { name: 'Ana', email: 'ana@example.com', birthday: null, language: 'es', newsletter: true }, { client: 'x', staff: false });
    await registerCard(app, codeFor('PRNT0003'), { name: 'Bo', email: 'bo@example.com', birthday: null, language: 'en', newsletter: false }, { client: 'x', staff: false });
    clock.set('2026-11-26T10:00:00Z');
    const { totals, members } = await view(app);
    expect(totals.printed).toEqual({ issued: 20, inUse: 2, activeRecently: 1, stamps: 5, earned: 1, redeemed: 1, inWallet: 0 });
    expect(totals.digital).toEqual({ issued: 2, inUse: 1, activeRecently: 1, stamps: 3, earned: 1, redeemed: 0, inWallet: 0 });
    expect(totals.all).toEqual({ issued: 22, inUse: 3, activeRecently: 2, stamps: 8, earned: 2, redeemed: 1, inWallet: 0 });
    expect(members).toEqual({ members: 2, newsletter: 1 });
  });

  test("activity per month and week by the shop's calendar: 23:30 UTC on 31 March counts in April in Madrid", async () => {
    const { app, clock } = fresh();
    await at(app, clock, 'CARD0001', '2027-03-01T10:00:00Z');
    await at(app, clock, 'CARD0001', '2027-03-15T10:00:00Z');
    await at(app, clock, 'CARD0001', '2027-03-31T23:30:00Z');
    await at(app, clock, 'CARD0001', '2027-04-10T10:00:00Z', 'redeem');
    clock.set('2027-04-30T10:00:00Z');
    const months = await view(app, { range: { unit: 'month', from: '2027-03-01', to: '2027-04-30' } });
    expect(months.activity.periods.map(({ start, stamps, redeems }) => [start.toISOString().slice(0, 10), stamps, redeems])).toEqual([
      ['2027-03-01', 2, 0],
      ['2027-04-01', 1, 1],
    ]);
    // Sunday 23:30 UTC 28 March is Monday 01:30 in Madrid (summer time began that night): the next week.
    await at(app, clock, 'CARD0002', '2027-03-28T23:30:00Z');
    clock.set('2027-04-30T10:00:00Z');
    const weeks = await view(app, { range: { unit: 'week', from: '2027-03-22', to: '2027-04-04' } });
    expect(weeks.activity.periods.map(({ start, stamps }) => [start.toISOString().slice(0, 10), stamps])).toEqual([
      ['2027-03-22', 0],
      ['2027-03-29', 2],
    ]);
    expect(weeks.activity).toMatchObject({ stamps: 2, redeems: 0 });
  });

  test('the cards a page at a time, the most recently used first, with their balances and members', async () => {
    const { app, clock } = fresh();
    const cards = Array.from({ length: CARDS_PER_PAGE + 5 }, (_, i) => `P${String(i).padStart(7, '0')}`);
    for (const [i, card] of cards.entries()) await at(app, clock, card, new Date(Date.UTC(2026, 10, 1, 8) + i * 60_000).toISOString());
    await at(app, clock, cards[0]!, '2026-11-20T10:00:00Z');
    await registerCard(app, codeFor(cards[0]!), { name: 'Ana', email: 'ana@example.com', birthday: null, language: 'es', newsletter: false }, { client: 'x', staff: false });
    clock.set('2026-11-26T10:00:00Z');
    const first = await view(app);
    expect(first.cards).toMatchObject({ page: 1, pages: 2, total: 30, first: 1 });
    expect(first.cards.items[0]).toEqual({ card: cards[0], stamps: 2, earned: 0, redeemed: 0, last: new Date('2026-11-20T10:00:00Z'), member: 'Ana' });
    expect(first.cards.items.slice(1, 3).map((row) => [row.card, row.member])).toEqual([[cards[29], null], [cards[28], null]]);
    const second = await view(app, { page: 2 });
    expect(second.cards).toMatchObject({ page: 2, total: 30, first: 26 });
    expect(second.cards.items.map((row) => row.card)).toEqual(cards.slice(1, 6).toReversed());
    // A page past the end shows the last one.
    expect((await view(app, { page: 9 })).cards.page).toBe(2);
  });

  test("a card's history, each event with the stamps so far, and its member", async () => {
    const { app, clock } = fresh();
    for (const day of ['01', '02', '03']) await at(app, clock, 'HSTR0001', `2026-11-${day}T10:00:00Z`);
    await at(app, clock, 'HSTR0001', '2026-11-04T10:00:00Z', 'redeem');
    await at(app, clock, 'HSTR0001', '2026-11-05T10:00:00Z');
    const { chosen } = await view(app, { card: 'HSTR0001' });
    expect(chosen?.history.map(({ type, stamps }) => [type, stamps])).toEqual([['stamp', 1], ['stamp', 2], ['stamp', 3], ['redeem', 3], ['stamp', 4]]);
    expect(chosen?.owner).toBeUndefined();
    expect((await view(app, { card: 'not a card' })).chosen).toBeUndefined();
  });

  test('random backdated, out-of-order stamps and redemptions: the figures equal a plain recount of the rows', async () => {
    const { app, clock } = fresh();
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 120; i++) {
      const card = `R${String(random(12)).padStart(7, '0')}`;
      clock.set(new Date(Date.UTC(2026, 7 + random(4), 1 + random(28), random(24), random(60))));
      const act = random(4) === 0 ? redeemReward : stampCard;
      await act(app, anyTime, { code: codeFor(card), key: `random-${i}` });
    }
    clock.set('2026-11-26T10:00:00Z');
    const events = await app.db.query(`SELECT card_id, type, at FROM card_events`);
    const perCard = Map.groupBy(events, (event) => String(event.card_id));
    const stampsOf = (list: typeof events) => list.filter((event) => event.type === 'stamp').length;
    const recentSince = Date.parse('2026-10-27T10:00:00Z');
    const page = await view(app, { range: { unit: 'month', from: '2026-08-01', to: '2026-11-30' } });
    expect(page.totals.all).toMatchObject({
      inUse: perCard.size,
      stamps: stampsOf(events),
      redeemed: events.length - stampsOf(events),
      earned: [...perCard.values()].reduce((sum, list) => sum + Math.floor(stampsOf(list) / anyTime.stampsPerReward), 0),
      activeRecently: [...perCard.values()].filter((list) => list.some((event) => new Date(String(event.at)).getTime() >= recentSince)).length,
    });
    const monthOf = (value: unknown) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date(value as string));
    expect(page.activity.periods.map((period) => period.stamps)).toEqual(
      ['2026-08', '2026-09', '2026-10', '2026-11'].map((month) => events.filter((event) => event.type === 'stamp' && monthOf(event.at) === month).length),
    );
  });
});
