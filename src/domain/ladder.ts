/**
 * The loyalty ladder: where each known customer stands, from someone the shop
 * has only an address for up to someone who recommends it in public. Pure: the
 * facts and the moment are passed in.
 */

import { rungs, type Rung } from '../dashboard/ladder.ts';

// The ladder's rungs and rules now live in src/dashboard/ladder.ts (as SQL); this is what the people rollup still reads.
export { rungs, type Movement, type Rung } from '../dashboard/ladder.ts';

/** What the shop knows about one person (joined by email) at a moment. */
export interface Facts {
  /** A confirmed newsletter subscriber (not unsubscribed). */
  subscribed: boolean;
  /** Days with at least one stamp on any of their cards. */
  visits: number;
  /** Full cards completed (stamps ÷ stamps per reward), redeemed or not. */
  rewardCycles: number;
  /** Their most recent NPS answer, if any. */
  latestNps: number | undefined;
  /** Clicks on the public review link. */
  reviewClicks: number;
}

/**
 * Each rung's condition; a person stands on the highest rung whose condition
 * holds. Suspect holds for anyone known (a pending subscriber, a survey contact).
 * Advocate and promoter rest on what the person says and does, not on purchases:
 * a loyal regular who scores us 5 is a frequent client, not an advocate.
 */
const conditions: Record<Rung, (facts: Facts) => boolean> = {
  suspect: () => true,
  prospect: (f) => f.subscribed,
  'first-time-buyer': (f) => f.visits >= 1,
  customer: (f) => f.visits >= 2,
  'frequent-client': (f) => f.rewardCycles >= 1,
  advocate: (f) => f.latestNps !== undefined && f.latestNps >= 9,
  promoter: (f) => f.reviewClicks >= 1 && (f.latestNps === undefined || f.latestNps >= 9),
};

/**
 * The rung a person stands on.
 * @example rungOf({ subscribed: true, visits: 0, rewardCycles: 0, latestNps: undefined, reviewClicks: 0 }) → 'prospect'
 */
export function rungOf(facts: Facts): Rung {
  return rungs.findLast((rung) => conditions[rung](facts)) ?? 'suspect';
}
