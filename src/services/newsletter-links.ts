// Moved to src/newsletter/links.ts; the birthday greetings and test fixtures still import it from here.
export { confirmUrl, unsubscribeHeaders, unsubscribeUrl } from '../newsletter/links.ts';
