import type { App } from '../app.ts';
import { subscribe } from '../services/subscribe.ts';
import { cardIdOf } from './codes.ts';
import { changeRegistration, insertFirstRegistration } from './queries.ts';
import type { Registration, RegistrationDetails } from './registration.ts';

/**
 * Registers the card with `code` to a customer, so a lost card can be recovered and birthday greetings sent;
 * registering again replaces the details. A ticked newsletter box is a sign-up like any other, confirmed by
 * email. `client` is the platform's client address, for the sign-up limit.
 * @example await registerCard(app, code, details, ip)
 */
export async function registerCard(app: App, code: string, details: RegistrationDetails, client: string): Promise<{ ok: true } | { ok: false; reason: 'invalid-code' }> {
  const card = cardIdOf(app, code);
  if (!card) return { ok: false, reason: 'invalid-code' };
  const now = app.now();
  const registration = (await insertFirstRegistration(app.db, card, details, now)) ?? (await changeRegistration(app.db, card, details, now))?.registration;
  if (registration) await signUp(app, registration, client);
  return { ok: true };
}

async function signUp(app: App, registration: Registration, client: string): Promise<void> {
  if (!registration.newsletter) return;
  const signup = await subscribe(app, { email: registration.email, locale: registration.language, source: 'card', client });
  // The card is registered either way; a refused or failed sign-up can be made again from any page's footer.
  if (!signup.ok) console.error(`Newsletter sign-up from card ${registration.card} not made: ${signup.reason}`);
}
