// Moved to src/newsletter/subscribe.ts; loyalty's card registration and older tests still import it from here.
export { confirmationLimit, signupLimit, subscribe } from '../newsletter/subscribe.ts';
