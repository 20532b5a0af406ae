// Moved to src/newsletter/send.ts; test fixtures still import it from here.
export { sendNewsletter } from '../newsletter/send.ts';
