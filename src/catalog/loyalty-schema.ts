import { z } from 'zod';
import { localized } from './localized.ts';

const colour = z.string().regex(/^#[0-9a-f]{6}$/i, 'Write a colour as #rrggbb');

/** content/loyalty/programme.yaml: the stamp-card programme. */
export const loyaltySchema = z.object({
  name: localized,
  /** Stamps for one reward; the printed card has this many circles. */
  stampsPerReward: z.number().int().min(2).max(20),
  reward: localized,
  /** Short: printed on the back of each card in every language. */
  rules: localized,
  design: z.object({
    background: colour,
    ink: colour,
    accent: colour,
    stamp: colour,
    /** Path under public/, e.g. /logo.svg */
    logo: z.string().regex(/^\/[\w./-]+$/, 'Write the path of a file in public/, e.g. /logo.svg'),
  }),
  limits: z.object({
    /** Minimum minutes between two stamps on one card. */
    minutesBetweenStamps: z.number().int().min(0).max(24 * 60),
    /** Maximum stamps on one card per calendar day in the shop's time zone (content/site/site.yaml). */
    maxStampsPerDay: z.number().int().min(1).max(50),
  }),
  /** Offered in birthday greetings to registered customers, if set. */
  birthdayReward: localized.optional(),
  /** Win-back email, once per lapse, to a subscribed card holder not stamped for `afterDays`. */
  winBack: z.object({ afterDays: z.number().int().min(14).max(365), offer: localized.optional() }).optional(),
});
export type Loyalty = z.infer<typeof loyaltySchema>;
