import { readCollection } from './content.ts';
import { loyaltySchema, type Loyalty } from './loyalty-schema.ts';

export type { Loyalty } from './loyalty-schema.ts';

/** The programme from content/loyalty/programme.yaml, as compiled at build. */
export function readProgramme(): Loyalty {
  const entry = readCollection('loyalty', loyaltySchema).find((e) => e.id === 'programme');
  if (!entry) throw new Error('content/loyalty/programme.yaml is missing');
  return entry.data;
}
