// Moved to src/newsletter/unsubscribe.ts; test fixtures still import it from here.
export { unsubscribe } from '../newsletter/unsubscribe.ts';
