/** Who an issue goes to; who is in it is one query (`audience` in queries.ts), for the send and the dashboard alike. */
export const segmentKinds = ['all', 'en', 'es', 'card-holders', 'lapsed'] as const;
export type SegmentKind = (typeof segmentKinds)[number];

export interface Segment {
  kind: SegmentKind;
  /** For `lapsed`: days without a stamp. */
  lapsedDays: number;
}

const DAY_MS = 86_400_000;

/**
 * The moment before which a card holder's last visit (latest stamp, else first registration) counts as lapsed after `days`.
 * @example lapsedBefore(60, new Date('2026-11-26T10:00:00Z')) → 2026-09-27T10:00:00Z
 */
export function lapsedBefore(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}
