/**
 * The loyalty ladder: where each known customer stands, from someone the shop
 * has only an address for up to someone who recommends it in public. The rules
 * are SQL conditions over one person's facts (queries.ts computes the facts and
 * places everyone in one statement); this module holds them beside their meaning. Pure.
 */

/** The rungs from the bottom up. */
export const rungs = ['suspect', 'prospect', 'first-time-buyer', 'customer', 'frequent-client', 'advocate', 'promoter'] as const;
export type Rung = (typeof rungs)[number];

/** A person's facts just before a moment, as SQL expressions (queries.ts builds them for each moment it asks). */
export interface LadderFacts {
  /** A confirmed newsletter subscriber then. */
  subscribed: string;
  /** Stamped on at least one day (in the shop's time zone) on any of their cards. */
  visited: string;
  /** Stamped on two days or more. */
  returned: string;
  /** One of their cards full (its stamps reached the stamps per reward), redeemed or not. */
  fullCard: string;
  /** Their most recent NPS answer, NULL without one. */
  latestNps: string;
  /** Clicked the public review link after one of their survey answers. */
  reviewed: string;
}

/**
 * Each rung's condition over a person's facts at a moment. A person stands on the highest rung whose condition
 * holds; suspect holds for anyone known (a pending subscriber, a survey contact, a registered card). Advocate and
 * promoter rest on what the person says and does, not on purchases: a loyal regular who scores us 5 is a
 * frequent client, not an advocate.
 */
export const rungRules: Record<Rung, (facts: LadderFacts) => string> = {
  suspect: () => 'true',
  prospect: (f) => f.subscribed,
  'first-time-buyer': (f) => f.visited,
  customer: (f) => f.returned,
  'frequent-client': (f) => f.fullCard,
  advocate: (f) => `${f.latestNps} >= 9`,
  promoter: (f) => `${f.reviewed} AND (${f.latestNps} IS NULL OR ${f.latestNps} >= 9)`,
};

/**
 * The SQL expression giving a person's rung as its index in `rungs` (0 suspect … 6 promoter): the highest rule that holds.
 * @example `SELECT ${rungIndexSql(facts)} AS rung FROM person`
 */
export const rungIndexSql = (facts: LadderFacts): string =>
  `CASE ${rungs
    .map((rung, index) => `WHEN ${rungRules[rung](facts)} THEN ${index}`)
    .toReversed()
    .join(' ')} END`;

/** How people moved on the ladder between two moments. */
export interface Movement {
  /** Known at the end but not at the start. */
  new: number;
  up: number;
  down: number;
  same: number;
  /** Per rung at the end: how many arrived from another rung (or were new), and how many left it for another. */
  byRung: Record<Rung, { arrived: number; left: number }>;
}

/** How many people went from one rung (index in `rungs`; null: not known yet) to another. */
export interface Move {
  from: number | null;
  to: number;
  people: number;
}

/**
 * The movement that a count of people per (rung at the start, rung at the end) makes.
 * @example movementOf([{ from: null, to: 0, people: 2 }, { from: 1, to: 3, people: 1 }]) → { new: 2, up: 1, down: 0, same: 0, byRung: … }
 */
export function movementOf(moves: readonly Move[]): Movement {
  const byRung = Object.fromEntries(rungs.map((rung) => [rung, { arrived: 0, left: 0 }])) as Movement['byRung'];
  const movement: Movement = { new: 0, up: 0, down: 0, same: 0, byRung };
  for (const { from, to, people } of moves) {
    if (from === to) {
      movement.same += people;
      continue;
    }
    if (from === null) movement.new += people;
    else {
      movement[to > from ? 'up' : 'down'] += people;
      byRung[rungs[from]!].left += people;
    }
    byRung[rungs[to]!].arrived += people;
  }
  return movement;
}

/** Counts per rung by name, from counts per rung index (missing ones 0). */
export function rungCounts(counts: ReadonlyMap<number, number>): Record<Rung, number> {
  return Object.fromEntries(rungs.map((rung, index) => [rung, counts.get(index) ?? 0])) as Record<Rung, number>;
}
