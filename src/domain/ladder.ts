/**
 * The loyalty ladder: where each known customer stands, from someone the shop
 * has only an address for up to someone who recommends it in public. Pure: the
 * facts and the moment are passed in.
 */

/** The rungs from the bottom up. */
export const rungs = ['suspect', 'prospect', 'first-time-buyer', 'customer', 'frequent-client', 'advocate', 'promoter'] as const;
export type Rung = (typeof rungs)[number];

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

/** One person's dated activity, from which their facts at any moment follow. */
export interface Activity {
  /** When the shop first learned of them (any source). */
  firstSeen: Date;
  /** Confirmed-subscription intervals: from confirmation to unsubscription, if any. */
  subscriptions: { from: Date; to?: Date | undefined }[];
  /** Every stamp on any of their cards. */
  stamps: { card: string; at: Date }[];
  stampsPerReward: number;
  npsAnswers: { at: Date; score: number }[];
  reviewClicks: Date[];
}

const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/** The facts about a person as they stood at `at` (events after it are ignored); undefined before they were known. */
export function factsAt(activity: Activity, at: Date): Facts | undefined {
  if (activity.firstSeen > at) return undefined;
  const before = (date: Date) => date <= at;
  const stamps = activity.stamps.filter((stamp) => before(stamp.at));
  const perCard = new Map<string, number>();
  for (const stamp of stamps) perCard.set(stamp.card, (perCard.get(stamp.card) ?? 0) + 1);
  const latest = activity.npsAnswers.filter((answer) => before(answer.at)).sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1);
  return {
    subscribed: activity.subscriptions.some((s) => before(s.from) && (!s.to || s.to > at)),
    visits: new Set(stamps.map((stamp) => dayKey(stamp.at))).size,
    rewardCycles: [...perCard.values()].reduce((sum, count) => sum + Math.floor(count / activity.stampsPerReward), 0),
    latestNps: latest?.score,
    reviewClicks: activity.reviewClicks.filter(before).length,
  };
}

/** How many people stand on each rung at `at`. */
export function rungCounts(people: Activity[], at: Date): Record<Rung, number> {
  const counts = Object.fromEntries(rungs.map((rung) => [rung, 0])) as Record<Rung, number>;
  for (const person of people) {
    const facts = factsAt(person, at);
    if (facts) counts[rungOf(facts)] += 1;
  }
  return counts;
}

export interface Movement {
  /** Known at `to` but not at `from`. */
  new: number;
  up: number;
  down: number;
  same: number;
  /** Per rung at `to`: how many arrived from a lower rung (or were new) and how many left it upward or downward. */
  byRung: Record<Rung, { arrived: number; left: number }>;
}

/**
 * How people moved on the ladder between two moments (e.g. the ends of two
 * consecutive months).
 * @example ladderMovement(people, new Date('2026-10-31T23:59:59Z'), new Date('2026-11-30T23:59:59Z'))
 */
export function ladderMovement(people: Activity[], from: Date, to: Date): Movement {
  const movement: Movement = {
    new: 0,
    up: 0,
    down: 0,
    same: 0,
    byRung: Object.fromEntries(rungs.map((rung) => [rung, { arrived: 0, left: 0 }])) as Movement['byRung'],
  };
  for (const person of people) {
    const after = factsAt(person, to);
    if (!after) continue;
    const next = rungOf(after);
    const earlier = factsAt(person, from);
    if (!earlier) {
      movement.new += 1;
      movement.byRung[next].arrived += 1;
      continue;
    }
    const previous = rungOf(earlier);
    const change = rungs.indexOf(next) - rungs.indexOf(previous);
    if (change === 0) {
      movement.same += 1;
      continue;
    }
    movement[change > 0 ? 'up' : 'down'] += 1;
    movement.byRung[next].arrived += 1;
    movement.byRung[previous].left += 1;
  }
  return movement;
}
