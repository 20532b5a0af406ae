import { createHash, randomBytes } from 'node:crypto';
import type { App } from '../app.ts';
import { readProgramme } from '../catalog/loyalty.ts';
import { readSite } from '../catalog/read.ts';
import { subscribe } from '../newsletter/subscribe.ts';
import { cardIdOf, codeOf } from './codes.ts';
import {
  applyRegistrationChange,
  changeRegistration,
  insertFirstRegistration,
  pendingRegistrationChange,
  requestRegistrationChange,
  type PreviousHolder,
} from './queries.ts';
import type { Registration, RegistrationDetails } from './registration.ts';
import { changeConfirmationEmail, detailsChangedEmail } from './registration-emails.ts';

/** How long a confirmation link works. */
export const CHANGE_TTL_MS = 24 * 3_600_000;

/**
 * What came of a registration: `registered` (the card's first), `changed` (by staff, at once), `unchanged`
 * (the same details again), `confirm-sent` (a change waits for the registered address to confirm it).
 */
export type RegisterOutcome = 'registered' | 'changed' | 'unchanged' | 'confirm-sent';

/**
 * Registers the card with `code` to a customer. Anyone holding the code may register an unregistered card;
 * changing a registered card's details takes a confirmation from its registered address, or a staff session,
 * and that address is told once they change. `client` is the client address, for the sign-up limit.
 */
export async function registerCard(
  app: App,
  code: string,
  details: RegistrationDetails,
  options: { client: string; staff: boolean },
): Promise<{ ok: true; outcome: RegisterOutcome } | { ok: false; reason: 'invalid-code' }> {
  const card = cardIdOf(app, code);
  if (!card) return { ok: false, reason: 'invalid-code' };
  const now = app.now();
  const first = await insertFirstRegistration(app.db, card, details, now);
  if (first) {
    await signUp(app, first, options.client);
    return { ok: true, outcome: 'registered' };
  }
  if (options.staff) {
    const changed = await changeRegistration(app.db, card, details, now);
    if (!changed) return { ok: true, outcome: 'unchanged' };
    await changeMade(app, changed, options.client);
    return { ok: true, outcome: 'changed' };
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CHANGE_TTL_MS);
  const holder = await requestRegistrationChange(app.db, { card, details, tokenHash: hashOf(token), now, expiresAt });
  if (!holder) return { ok: true, outcome: 'unchanged' };
  const url = `${app.config.siteUrl}/api/cards/registration/confirm?${new URLSearchParams({ token, lang: holder.language })}`;
  const message = changeConfirmationEmail(emailContext(app, card, holder), details, url, expiresAt);
  const sent = await app.mailer.send({ to: holder.email, ...message }, { idempotencyKey: `card-change-${hashOf(token).slice(0, 32)}` });
  // Without it the change can never apply: the customer must hear that it failed, not wait for an email.
  if (!sent.ok) throw new Error(`The confirmation of card ${card}'s new details could not be sent: ${sent.error.message}`);
  return { ok: true, outcome: 'confirm-sent' };
}

/**
 * The change a confirmation link stands for, while it works (for the page that asks to confirm it: a mail
 * program that opens links by itself must not apply it).
 */
export function pendingChange(app: App, token: string): Promise<{ card: string; details: RegistrationDetails } | undefined> {
  return pendingRegistrationChange(app.db, hashOf(token), app.now());
}

/**
 * Applies the change a confirmation link stands for, once, and tells the address it replaces. Answers the
 * card's code (its page) and language, or `gone` for a link expired, used or replaced by a newer request.
 */
export async function confirmRegistrationChange(
  app: App,
  token: string,
  client: string,
): Promise<{ ok: true; code: string; registration: Registration } | { ok: false; reason: 'gone' }> {
  const applied = await applyRegistrationChange(app.db, hashOf(token), app.now());
  if (!applied) return { ok: false, reason: 'gone' };
  await changeMade(app, applied, client);
  return { ok: true, code: codeOf(app, applied.registration.card), registration: applied.registration };
}

/** After a change: the notice to the address it replaces, and the new address's newsletter sign-up. */
async function changeMade(app: App, change: { registration: Registration; previous: PreviousHolder }, client: string): Promise<void> {
  const { registration, previous } = change;
  const message = detailsChangedEmail(emailContext(app, registration.card, previous), { at: registration.updatedAt, newAddress: previous.email !== registration.email });
  const key = `card-changed-${hashOf(`${registration.card} ${registration.updatedAt.toISOString()}`).slice(0, 32)}`;
  const sent = await app.mailer.send({ to: previous.email, ...message }, { idempotencyKey: key });
  // The change is made either way; the log says whom to tell by hand.
  if (!sent.ok) console.error(`The notice of card ${registration.card}'s changed details was not sent: ${sent.error.message}`);
  await signUp(app, registration, client);
}

async function signUp(app: App, registration: Registration, client: string): Promise<void> {
  if (!registration.newsletter) return;
  const signup = await subscribe(app, { email: registration.email, locale: registration.language, source: 'card', client });
  // The card is registered either way; a refused or failed sign-up can be made again from any page's footer.
  if (!signup.ok) console.error(`Newsletter sign-up from card ${registration.card} not made: ${signup.reason}`);
}

/** Emails about a registration speak the language of the address they go to. */
function emailContext(app: App, card: string, to: PreviousHolder) {
  return { locale: to.language, site: readSite(), siteUrl: app.config.siteUrl, card, programme: readProgramme().name[to.language] };
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
