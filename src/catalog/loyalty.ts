import { z } from 'zod';
import { localized } from './localized.ts';

/** content/loyalty/programme.yaml: the stamp-card programme. */
export const loyaltySchema = z.object({
  name: localized,
  stampsPerReward: z.number().int().min(2).max(20),
  reward: localized,
});
export type Loyalty = z.infer<typeof loyaltySchema>;
