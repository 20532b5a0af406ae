/**
 * Card members counted without reading every registration: the counts move by
 * each registration's change (its state before and after), so they are kept as
 * changes arrive and never counted again from every registration.
 */

/** What the counts need of a registration. */
export interface MemberState {
  registeredAt: string;
  newsletter: boolean;
}

/** One registration made, changed or erased: its state before and after (null: none). */
export interface MemberChange {
  before: MemberState | null;
  after: MemberState | null;
}

export interface MemberCounts {
  members: number;
  /** Members who ticked "send me the newsletter". */
  newsletter: number;
  /** Members by the UTC day they registered (`2026-11-26`), oldest first. */
  joined: [string, number][];
}

export const noMembers = (): MemberCounts => ({ members: 0, newsletter: 0, joined: [] });

/**
 * The counts of these registrations.
 * @example countMembers([{ registeredAt: '2026-11-26T10:00:00.000Z', newsletter: true }]) → { members: 1, newsletter: 1, joined: [['2026-11-26', 1]] }
 */
export function countMembers(states: Iterable<MemberState>): MemberCounts {
  return applyChanges(noMembers(), Array.from(states, (after) => ({ before: null, after })));
}

/**
 * The counts after these changes (a new object; days left with none are dropped).
 * @example applyChanges(counts, [{ before: { registeredAt, newsletter: true }, after: null }]) // an erasure
 */
export function applyChanges(counts: MemberCounts, changes: Iterable<MemberChange>): MemberCounts {
  let { members, newsletter } = counts;
  const joined = new Map(counts.joined);
  const add = (state: MemberState | null, sign: 1 | -1) => {
    if (!state) return;
    members += sign;
    if (state.newsletter) newsletter += sign;
    const day = state.registeredAt.slice(0, 10);
    joined.set(day, (joined.get(day) ?? 0) + sign);
  };
  for (const { before, after } of changes) {
    add(before, -1);
    add(after, 1);
  }
  return { members, newsletter, joined: [...joined].filter(([, count]) => count !== 0).sort(([a], [b]) => a.localeCompare(b)) };
}

/** The same changes undone: from the counts after them, the counts before. */
export const undone = (changes: readonly MemberChange[]): MemberChange[] => changes.map(({ before, after }) => ({ before: after, after: before }));

/**
 * Members who registered between `from` (inclusive) and `to` (exclusive), ISO times; whole UTC days.
 * @example joinedBetween(counts, '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')
 */
export function joinedBetween(counts: MemberCounts, from: string, to: string): number {
  const [first, end] = [from.slice(0, 10), to.slice(0, 10)];
  return counts.joined.reduce((sum, [day, count]) => (day >= first && day < end ? sum + count : sum), 0);
}
