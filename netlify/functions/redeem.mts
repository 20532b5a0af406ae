import type { Config } from '@netlify/functions';
import { endpoint } from '../../src/http/respond.ts';
import { cardActionHandler } from '../../src/loyalty/card-action.ts';
import { redeemReward } from '../../src/loyalty/stamp-and-redeem.ts';

/** Staff redeem a ready reward: `{ code, key }`; concurrent redeems of one reward succeed once. */
export default endpoint(['POST'], cardActionHandler(redeemReward, 'redeemed'));

export const config: Config = { path: '/api/redeem' };
