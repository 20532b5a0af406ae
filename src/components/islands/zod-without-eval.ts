import { z } from 'zod';

// Imported first by islands that use zod: its fast path probes `new Function`, which the site's CSP (no
// 'unsafe-eval') reports as a violation. Slower parsing of one form is nothing; it must precede any schema.
z.config({ jitless: true });
