/**
 * Newsletter subscribers over time, from the dates each subscriber record keeps
 * (latest sign-up, confirmation, unsubscription). Pure: the moment is passed in.
 */

export type SubscriberState = 'pending' | 'confirmed' | 'unsubscribed';

/** What a subscriber record tells about its history (ISO date-times). */
export interface SubscriberDates {
  subscribedAt: string;
  confirmedAt?: string | undefined;
  unsubscribedAt?: string | undefined;
}

/**
 * The state a subscriber was in at `at`: the latest of its dated steps up to
 * then; undefined before the first. A record keeps only its latest sign-up, so an
 * address that left and came back shows its earlier history only from the dates kept.
 * @example stateAt({ subscribedAt: '2026-10-01T…', confirmedAt: '2026-10-02T…' }, new Date('2026-10-01T12:00:00Z')) → 'pending'
 */
export function stateAt(subscriber: SubscriberDates, at: Date): SubscriberState | undefined {
  const steps: [string | undefined, SubscriberState][] = [
    [subscriber.subscribedAt, 'pending'],
    [subscriber.confirmedAt, 'confirmed'],
    [subscriber.unsubscribedAt, 'unsubscribed'],
  ];
  const limit = at.toISOString();
  return steps
    .filter((step): step is [string, SubscriberState] => step[0] !== undefined && step[0] <= limit)
    .sort((a, b) => a[0].localeCompare(b[0]))
    .at(-1)?.[1];
}

/** How many subscribers were in each state at `at`. */
export function statesAt(subscribers: readonly SubscriberDates[], at: Date): Record<SubscriberState, number> {
  const counts: Record<SubscriberState, number> = { pending: 0, confirmed: 0, unsubscribed: 0 };
  for (const subscriber of subscribers) {
    const state = stateAt(subscriber, at);
    if (state) counts[state] += 1;
  }
  return counts;
}
