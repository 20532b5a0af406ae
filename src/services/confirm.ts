// Moved to src/newsletter/confirm.ts; test fixtures still import it from here.
export { confirmSubscription } from '../newsletter/confirm.ts';
