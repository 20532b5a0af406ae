import type { App } from '../app.ts';
import { ladderRules, type FiguresContent } from './content.ts';
import { movementOf, rungCounts, type Movement, type Rung } from './ladder.ts';
import { monthIn } from '../domain/periods.ts';
import { shiftMonth, type Month } from './months.ts';
import { ladderAt, monthStarts } from './queries.ts';

/** The ladder page (`/admin/ladder/`). */
export interface LadderView {
  /** The last six months on the shop's clock, oldest first, each with the people on each rung at its end (this month: so far). */
  months: { month: Month; counts: Record<Rung, number> }[];
  /** On each rung now, and at the end of last month. */
  now: Record<Rung, number>;
  lastMonth: Record<Rung, number>;
  known: number;
  /** How people moved since this month started. */
  movement: Movement;
}

/**
 * The ladder now, month by month, and this month's movement.
 * @example const { now, movement } = await ladderView(app, { surveys, stampsPerReward: 8, timeZone: 'Europe/Madrid' })
 */
export async function ladderView(app: Pick<App, 'db' | 'now'>, content: FiguresContent): Promise<LadderView> {
  const thisMonth = monthIn(app.now(), content.timeZone);
  const months = [-5, -4, -3, -2, -1, 0].map((back) => shiftMonth(thisMonth, back));
  // The end of each month is the start of the next.
  const ends = await monthStarts(app.db, content.timeZone, months.map((month) => shiftMonth(month, 1)));
  const ladder = await ladderAt(app.db, ends, ladderRules(content));
  const byMonth = months.map((month, index) => ({ month, counts: rungCounts(ladder.counts[index]!) }));
  const now = byMonth.at(-1)!.counts;
  return {
    months: byMonth,
    now,
    lastMonth: byMonth.at(-2)!.counts,
    known: Object.values(now).reduce((sum, people) => sum + people, 0),
    movement: movementOf(ladder.moves),
  };
}
