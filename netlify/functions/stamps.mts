import type { Config } from '@netlify/functions';
import { endpoint } from '../../src/http/respond.ts';
import { cardActionHandler } from '../../src/loyalty/card-action.ts';
import { stampCard } from '../../src/loyalty/stamp-and-redeem.ts';

/** Staff add a stamp: `{ code, key }`; the same key twice adds one stamp. */
export default endpoint(['POST'], cardActionHandler(stampCard, 'stamped'));

export const config: Config = { path: '/api/stamps' };
