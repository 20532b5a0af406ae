import type { Config } from '@netlify/functions';
import { cardActionHandler } from '../../src/http/card-action.ts';
import { endpoint } from '../../src/http/respond.ts';
import { redeemReward } from '../../src/services/redeem-reward.ts';

/** Staff redeem a ready reward: `{ code, key }`; concurrent redeems of one reward succeed once. */
export default endpoint(['POST'], cardActionHandler(redeemReward, 'redeemed'));

export const config: Config = { path: '/api/redeem' };
