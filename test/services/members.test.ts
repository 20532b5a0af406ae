import { describe, expect, test } from 'vitest';
import type { App } from '../../src/app.ts';
import { cardCode, cardShard } from '../../src/domain/card.ts';
import { joinedBetween } from '../../src/domain/members.ts';
import { registrationsDoc, type Registration } from '../../src/services/cards.ts';
import { memberCounts, membersDoc } from '../../src/services/members.ts';
import { erasePerson } from '../../src/services/privacy.ts';
import { registerCard } from '../../src/services/register-card.ts';
import { SETTLE_MS } from '../../src/services/rollup-months.ts';
import { countReads } from '../support/reads.ts';
import { bothStores } from '../support/stores.ts';
import { testApp } from '../support/temp.ts';

const SECRET = 'test-card-secret';

async function setup(on: (app: App) => App) {
  const { app: base, clock } = await testApp({ CARD_SECRET: SECRET });
  const app = on(base);
  /** Registers `card` to `email` at `iso`, through the customer's form. */
  const register = async (card: string, email: string, iso: string, newsletter = false) => {
    clock.set(iso);
    const result = await registerCard(app, cardCode(SECRET, card), { name: 'Member', email, birthday: null, language: 'en', newsletter }, '192.0.2.1');
    if (!result.ok) throw new Error(result.reason);
  };
  return { app, clock, register };
}

/** A registration stored before registrations left markers: straight into its shard. */
async function storedBefore(app: App, card: string, registeredAt: string, newsletter: boolean) {
  const registration: Registration = { card, name: 'Early', email: `${card.toLowerCase()}@old.example`, birthday: null, language: 'es', newsletter, registeredAt, updatedAt: registeredAt };
  await app.store.update(registrationsDoc(cardShard(card)), (draft) => void draft.registrations.push(registration));
}

const november = (counts: Awaited<ReturnType<typeof memberCounts>>) => joinedBetween(counts, '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z');

describe.each(bothStores)('the members rollup (%s)', (_name, on) => {
  test('registrations stored before the markers are counted by the first view; later views read the rollup and today\'s markers only', async () => {
    const { app, clock, register } = await setup(on);
    await storedBefore(app, 'AAAAAAAA', '2026-10-05T10:00:00.000Z', true);
    await storedBefore(app, 'BBBBBBBB', '2026-11-03T10:00:00.000Z', false);
    await register('CCCCCCCC', 'c@example.com', '2026-11-20T10:00:00.000Z');
    await register('DDDDDDDD', 'd@example.com', '2026-11-26T09:00:00.000Z');
    clock.set('2026-11-26T10:00:00Z');
    const first = await memberCounts(app);
    expect(first).toMatchObject({ members: 4, newsletter: 1 });
    expect(november(first)).toBe(3);
    expect(await app.store.read(membersDoc)).toMatchObject({ through: '2026-11-25', members: 3 });

    const { app: counted, reads } = countReads(app);
    expect(await memberCounts(counted)).toEqual(first);
    expect(reads.filter((key) => key.startsWith('cards/registrations/'))).toEqual([]);
    expect(reads.filter((key) => !key.startsWith('cards/registered/2026-11-26/'))).toEqual([membersDoc.key]);
  });

  test('registering again changes the newsletter count, not the members; once the day closes it is folded and counts the same', async () => {
    const { app, clock, register } = await setup(on);
    await register('AAAAAAAA', 'a@example.com', '2026-11-20T10:00:00.000Z');
    clock.set('2026-11-26T08:00:00Z');
    expect(await memberCounts(app)).toMatchObject({ members: 1, newsletter: 0 });
    await register('AAAAAAAA', 'a@example.com', '2026-11-26T09:00:00.000Z', true);
    await register('BBBBBBBB', 'b@example.com', '2026-11-26T09:30:00.000Z');
    clock.set('2026-11-26T10:00:00Z');
    const today = await memberCounts(app);
    expect(today).toEqual({ members: 2, newsletter: 1, joined: [['2026-11-20', 1], ['2026-11-26', 1]] });

    clock.set(new Date(Date.parse('2026-11-27T00:00:00Z') + SETTLE_MS));
    expect(await memberCounts(app)).toEqual(today);
    expect(await app.store.read(membersDoc)).toMatchObject({ through: '2026-11-26', members: 2, newsletter: 1 });
  });

  test('an erased person leaves the counts, whether their registration was folded or made today', async () => {
    const { app, clock, register } = await setup(on);
    await register('AAAAAAAA', 'ana@example.com', '2026-11-20T10:00:00.000Z');
    await register('BBBBBBBB', 'luis@example.com', '2026-11-21T10:00:00.000Z');
    clock.set('2026-11-26T08:00:00Z');
    expect((await memberCounts(app)).members).toBe(2);
    await register('CCCCCCCC', 'eva@example.com', '2026-11-26T09:00:00.000Z');
    clock.set('2026-11-26T10:00:00Z');
    expect((await erasePerson(app, 'ana@example.com'))?.registrations).toBe(1);
    expect((await erasePerson(app, 'eva@example.com'))?.registrations).toBe(1);
    const after = await memberCounts(app);
    expect(after).toEqual({ members: 1, newsletter: 0, joined: [['2026-11-21', 1]] });

    clock.set(new Date(Date.parse('2026-11-27T00:00:00Z') + SETTLE_MS));
    expect(await memberCounts(app)).toEqual(after);
  });
});
