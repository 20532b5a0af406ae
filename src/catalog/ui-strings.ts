import { z } from 'zod';

/** content/i18n/{lang}/{area}.json: interface strings by flat dotted key, e.g. `"nav.home": "Home"`. */
export const uiStringsSchema = z.record(z.string(), z.string().min(1));
