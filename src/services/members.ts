import { z } from 'zod';
import type { App } from '../app.ts';
import { applyChanges, countMembers, undone, type MemberChange, type MemberCounts } from '../domain/members.ts';
import { defineDoc } from '../store/store.ts';
import { listRegistrations, REGISTERED, registeredSchema } from './cards.ts';
import { dayKeysIn, readRecords, type Period } from './records.ts';
import { DAY_MS, dayStart, openFrom } from './rollup-months.ts';
import { foldedThrough } from './running-rollup.ts';
import { dayOf } from '../domain/periods.ts';

/**
 * The card members' running rollup (src/domain/members.ts):
 *
 *   rollups/members   { through, members, newsletter, joined: [day, count][] }
 *
 * Every closed day's registration markers (cards/registered/…, each a change's
 * before and after, erasures included) are folded in once; a view adds the open
 * days' markers. The first fold counts every registration once (a shop stored
 * before the markers), less the open days' changes, which the views add.
 */
const membersSchema = z.object({
  /** The last day folded (`2026-11-25`), or null before any. */
  through: z.string().nullable(),
  members: z.number().int(),
  newsletter: z.number().int(),
  joined: z.array(z.tuple([z.string(), z.number().int()])),
});
export const membersDoc = defineDoc('rollups/members', membersSchema, () => ({ through: null, members: 0, newsletter: 0, joined: [] }));

/**
 * The members now: the closed days as stored (folding the ones missing first) plus the open days' changes.
 * @example joinedBetween(await memberCounts(app), '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')
 */
export async function memberCounts(app: App): Promise<MemberCounts> {
  const open = new Date(dayStart(openFrom(app)));
  const lastClosed = dayOf(open.getTime() - DAY_MS);
  const [stored, today] = await Promise.all([
    foldedThrough(app, membersDoc, lastClosed, async (stored, from, to) =>
      stored ? applyChanges(stored, await changesIn(app, { from, to })) : applyChanges(countMembers(await listRegistrations(app)), undone(await changesIn(app, { from: to }))),
    ),
    changesIn(app, { from: open }),
  ]);
  return applyChanges(stored, today);
}

/** The registration changes marked in the period, oldest first. */
async function changesIn(app: App, period: Period): Promise<MemberChange[]> {
  return readRecords(app.store, await dayKeysIn(app, REGISTERED, period), registeredSchema);
}
