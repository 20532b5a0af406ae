import type { Locale } from '../i18n/locales.ts';

/**
 * Who an issue goes to: every confirmed subscriber, one language, the loyalty
 * card holders among them, or the card holders who drifted away (no stamp for
 * some days). Pure: the customers and the moment are passed in.
 */

export const segmentKinds = ['all', 'en', 'es', 'card-holders', 'lapsed'] as const;
export type SegmentKind = (typeof segmentKinds)[number];

export interface Segment {
  kind: SegmentKind;
  /** For `lapsed`: days without a stamp. */
  lapsedDays: number;
}

/** A registered card holder, by normalised email: when they registered and when a card of theirs was last stamped. */
export interface CardHolderActivity {
  registeredAt: string;
  lastStampAt?: string | undefined;
}

const DAY_MS = 86_400_000;

/** The moment a card holder was last seen: the latest stamp, else the registration. */
export function lastSeen(holder: CardHolderActivity): string {
  return holder.lastStampAt && holder.lastStampAt > holder.registeredAt ? holder.lastStampAt : holder.registeredAt;
}

/**
 * Whether a card holder has not been seen for `days` days at `now`.
 * @example hasLapsed({ registeredAt: '2026-01-01T00:00:00Z', lastStampAt: '2026-09-01T00:00:00Z' }, 60, new Date('2026-11-26')) → true
 */
export function hasLapsed(holder: CardHolderActivity, days: number, now: Date): boolean {
  return Date.parse(lastSeen(holder)) <= now.getTime() - days * DAY_MS;
}

/** Whether a confirmed subscriber belongs to a segment. `holders` is keyed by normalised email. */
export function inSegment(segment: Segment, subscriber: { email: string; locale: Locale }, holders: ReadonlyMap<string, CardHolderActivity>, now: Date): boolean {
  switch (segment.kind) {
    case 'all':
      return true;
    case 'en':
    case 'es':
      return subscriber.locale === segment.kind;
    case 'card-holders':
      return holders.has(subscriber.email);
    case 'lapsed': {
      const holder = holders.get(subscriber.email);
      return holder !== undefined && hasLapsed(holder, segment.lapsedDays, now);
    }
  }
}

/** Whether a segment needs the loyalty cards (reading them is skipped otherwise). */
export const needsCards = (segment: Segment): boolean => segment.kind === 'card-holders' || segment.kind === 'lapsed';
