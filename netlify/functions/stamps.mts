import type { Config } from '@netlify/functions';
import { cardActionHandler } from '../../src/http/card-action.ts';
import { endpoint } from '../../src/http/respond.ts';
import { stampCard } from '../../src/services/stamp-card.ts';

/** Staff add a stamp: `{ code, key }`; the same key twice adds one stamp. */
export default endpoint(['POST'], cardActionHandler(stampCard, 'stamped'));

export const config: Config = { path: '/api/stamps' };
