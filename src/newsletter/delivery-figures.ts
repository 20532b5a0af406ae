/**
 * An issue's delivery figures, as Resend's webhooks report them, and their
 * rates. Pure.
 */

export const deliveryEvents = ['delivered', 'bounced', 'complained', 'opened', 'clicked', 'unsubscribed'] as const;
export type DeliveryEvent = (typeof deliveryEvents)[number];

export type DeliveryCounts = Record<DeliveryEvent, number>;

export const noCounts = (): DeliveryCounts => ({ delivered: 0, bounced: 0, complained: 0, opened: 0, clicked: 0, unsubscribed: 0 });

export interface IssueFigures extends DeliveryCounts {
  /** Emails accepted by the provider (the send log). */
  sent: number;
}

export type Rates = Record<DeliveryEvent, number | null>;

/**
 * Rates as fractions: delivered and bounced over sent; complaints, opens,
 * clicks and unsubscribes over delivered (what reached an inbox). null when the
 * base is zero.
 * @example rates({ sent: 200, delivered: 190, bounced: 4, … opened: 95 }).opened → 0.5
 */
export function rates(figures: IssueFigures): Rates {
  const over = (count: number, base: number) => (base > 0 ? count / base : null);
  return {
    delivered: over(figures.delivered, figures.sent),
    bounced: over(figures.bounced, figures.sent),
    complained: over(figures.complained, figures.delivered),
    opened: over(figures.opened, figures.delivered),
    clicked: over(figures.clicked, figures.delivered),
    unsubscribed: over(figures.unsubscribed, figures.delivered),
  };
}
