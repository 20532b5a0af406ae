import { z } from 'zod';
import type { App } from '../app.ts';
import { excerpt } from '../dashboard/format.ts';
import type { Site } from '../catalog/site.ts';
import type { Survey } from '../catalog/survey.ts';
import { followupDraft, followupEmail, type WhatWentWrong } from '../email/templates/followup.ts';
import type { Locale } from '../i18n/locales.ts';
import { formatDate } from '../i18n/strings.ts';
import { claimFollowupEmail, findComplaint, markFollowupEmailed, releaseFollowupEmail, type Complaint } from './queries.ts';

/**
 * The follow-up email is the owner's: the list offers a draft in the customer's language that names what went
 * wrong, the owner edits it, and sending it marks the complaint contacted. It goes once: one request at a time
 * may send (the claim in queries.ts), and the mail provider gets one key per follow-up.
 */

/** What the owner sends: a subject and plain text, paragraphs separated by a blank line. */
export const letterSchema = z.object({
  subject: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(10_000),
});
export type Letter = z.infer<typeof letterSchema>;

/**
 * The draft for a complaint, in the language the customer chose: their name, the day they answered (the
 * shop's calendar), the product, and each reason in their terms, with their own words quoted.
 * @example followupLetter(complaint, survey, site, products) → { subject: 'Su visita a Brasa', text: 'Buenos días, Ana: …' }
 */
export function followupLetter(complaint: Complaint, survey: Survey | undefined, site: Pick<Site, 'name' | 'phone' | 'timeZone'>, products: ReadonlyMap<string, Record<Locale, string>>): Letter {
  const { response, followup } = complaint;
  const locale = response.contact?.language ?? response.locale;
  const label = (id: string) => survey?.questions.find((q) => q.id === id)?.label[locale] ?? id;
  const wrong = followup.reasons.map((reason): WhatWentWrong => {
    if (reason.kind !== 'text') return reason.kind === 'nps' ? { kind: 'nps', score: reason.score } : { kind: 'rating', question: label(reason.question), score: reason.score };
    const text = response.answers[reason.question];
    return { kind: 'text', text: excerpt(typeof text === 'string' ? text : '', 300) };
  });
  return followupDraft(locale, {
    shop: site.name,
    phone: site.phone,
    name: response.contact?.name,
    product: response.product ? products.get(response.product)?.[locale] : undefined,
    answeredOn: formatDate(locale, response.submittedAt, { dateStyle: 'long', timeZone: site.timeZone }),
    wrong,
  });
}

export type SendFollowupResult =
  | { ok: true }
  | { ok: false; reason: 'already-sent' }
  | { ok: false; reason: 'not-found' | 'no-email' }
  | { ok: false; reason: 'mail-failed'; message: string; retryable: boolean };

/**
 * Sends the owner's follow-up email to a customer who agreed to be contacted and left an address, in their
 * language; records it as sent and the complaint as contacted. A second send (a double click, another tab)
 * sends nothing: 'already-sent'. A failed send can be tried again at once.
 * @example await sendFollowupEmail(app, id, { subject: 'Your visit', text: 'Dear Ana, …' }, site)
 */
export async function sendFollowupEmail(app: App, id: string, letter: Letter, site: Pick<Site, 'email'>): Promise<SendFollowupResult> {
  const complaint = await findComplaint(app.db, id);
  if (!complaint) return { ok: false, reason: 'not-found' };
  const contact = complaint.response.contact;
  if (!contact?.email) return { ok: false, reason: 'no-email' };
  const to = await claimFollowupEmail(app.db, id, app.now());
  if (!to) return { ok: false, reason: 'already-sent' };
  const result = await app.mailer.send({ to, ...followupEmail(contact.language, letter), replyTo: site.email }, { idempotencyKey: `followup-${id}` });
  if (!result.ok) {
    await releaseFollowupEmail(app.db, id);
    return { ok: false, reason: 'mail-failed', message: result.error.message, retryable: result.error.retryable };
  }
  await markFollowupEmailed(app.db, id, app.now(), letter);
  return { ok: true };
}
