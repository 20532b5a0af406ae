import { describe, expect, test } from 'vitest';
import { rates, type DeliveryCounts } from '../../src/newsletter/delivery-figures.ts';

const noCounts = (): DeliveryCounts => ({ delivered: 0, bounced: 0, complained: 0, opened: 0, clicked: 0, unsubscribed: 0 });

describe('rates()', () => {
  test('delivered and bounced over sent; the rest over what was delivered', () => {
    expect(rates({ sent: 200, ...noCounts(), delivered: 190, bounced: 10, complained: 1, opened: 95, clicked: 19, unsubscribed: 2 })).toEqual({
      delivered: 0.95,
      bounced: 0.05,
      complained: 1 / 190,
      opened: 0.5,
      clicked: 0.1,
      unsubscribed: 2 / 190,
    });
  });

  test('nothing sent or delivered gives no rate rather than a division by zero', () => {
    expect(rates({ sent: 0, ...noCounts() })).toEqual({ delivered: null, bounced: null, complained: null, opened: null, clicked: null, unsubscribed: null });
  });
});
