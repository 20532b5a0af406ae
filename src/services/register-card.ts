import { z } from 'zod';
import type { App } from '../app.ts';
import { cardShard } from '../domain/card.ts';
import { birthdaySchema, cardIdOf, registrationsDoc, registrationSchema, type Registration } from './cards.ts';

/** What a customer fills in to register a card (all of it optional for using the card itself). */
export const registrationInput = registrationSchema.pick({ name: true, email: true, language: true, newsletter: true }).extend({
  birthday: birthdaySchema.nullable(),
});
export type RegistrationInput = z.infer<typeof registrationInput>;

/**
 * Registers the card with `code` to a customer, so a lost card can be recovered
 * and birthday greetings sent; registering again replaces the details.
 */
export async function registerCard(app: App, code: string, input: RegistrationInput): Promise<{ ok: true; registration: Registration } | { ok: false; reason: 'invalid-code' }> {
  const card = cardIdOf(app, code);
  if (!card) return { ok: false, reason: 'invalid-code' };
  const now = app.now().toISOString();
  const registration = await app.store.update(registrationsDoc(cardShard(card)), (draft) => {
    const at = draft.registrations.findIndex((r) => r.card === card);
    const made: Registration = { card, ...input, email: input.email.toLowerCase(), registeredAt: draft.registrations[at]?.registeredAt ?? now, updatedAt: now };
    if (at >= 0) draft.registrations[at] = made;
    else draft.registrations.push(made);
    return made;
  });
  return { ok: true, registration };
}
