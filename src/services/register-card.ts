import { z } from 'zod';
import type { App } from '../app.ts';
import { cardShard } from '../domain/card.ts';
import { birthdaySchema, cardIdOf, markRegistered, registrationsDoc, registrationSchema, saveCardRegistration, type Registration } from './cards.ts';
import { indexCard } from './person-index.ts';
import { subscribe } from './subscribe.ts';

/** What a customer fills in to register a card (all of it optional for using the card itself). */
export const registrationInput = registrationSchema.pick({ name: true, email: true, language: true, newsletter: true }).extend({
  birthday: birthdaySchema.nullable(),
});
export type RegistrationInput = z.infer<typeof registrationInput>;

/**
 * Registers the card with `code` to a customer, so a lost card can be recovered
 * and birthday greetings sent; registering again replaces the details. A ticked
 * newsletter box is a sign-up like any other: pending until the customer
 * confirms the email sent in the card's language (double opt-in).
 * `client` is the platform's client address, for the sign-up limit.
 */
export async function registerCard(
  app: App,
  code: string,
  input: RegistrationInput,
  client: string,
): Promise<{ ok: true; registration: Registration } | { ok: false; reason: 'invalid-code' }> {
  const card = cardIdOf(app, code);
  if (!card) return { ok: false, reason: 'invalid-code' };
  const now = app.now().toISOString();
  const { registration, before } = await app.store.update(registrationsDoc(cardShard(card)), (draft) => {
    const at = draft.registrations.findIndex((r) => r.card === card);
    const before = draft.registrations[at] && { ...draft.registrations[at] };
    const made: Registration = { card, ...input, email: input.email.toLowerCase(), registeredAt: before?.registeredAt ?? now, updatedAt: now };
    if (at >= 0) draft.registrations[at] = made;
    else draft.registrations.push(made);
    return { registration: made, before };
  });
  await Promise.all([saveCardRegistration(app, card, registration), markRegistered(app, registration, before), indexCard(app, registration)]);
  if (input.newsletter) {
    const signup = await subscribe(app, { email: registration.email, locale: input.language, source: 'card', client });
    // The card is registered either way; a refused or failed sign-up can be made again from any page's footer.
    if (!signup.ok) console.error(`Newsletter sign-up from card ${card} not made: ${signup.reason}`);
  }
  return { ok: true, registration };
}
