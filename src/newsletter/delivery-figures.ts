/** The delivery events Resend's webhooks report; an issue's figures count each once per email. */
export const deliveryEvents = ['delivered', 'bounced', 'complained', 'opened', 'clicked', 'unsubscribed'] as const;
export type DeliveryEvent = (typeof deliveryEvents)[number];

export type DeliveryCounts = Record<DeliveryEvent, number>;

/** An issue's delivery counts, and the emails the provider accepted (the send log). */
export type IssueFigures = DeliveryCounts & { sent: number };

export type Rates = Record<DeliveryEvent, number | null>;

/**
 * An issue's delivery rates: delivered and bounced over sent, the rest over delivered (what reached an inbox); null over zero.
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
