import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import { readProductNames, type SurveyCatalog } from '../catalog/surveys.ts';
import { followupDraft, followupEmail } from '../email/templates/followup.ts';
import { formatDate } from '../i18n/strings.ts';
import { indexFollowup } from './followup-index.ts';
import { indexPerson } from './person-index.ts';
import type { FollowupChange } from '../surveys/followups.ts';
import { findFollowup, listFollowupsIn, updateFollowupRecord, type Followup, type FollowupStatus } from './responses.ts';
import type { Period } from './records.ts';

/**
 * The complaint follow-up list: every complaint starts "open", the owner moves
 * it to "contacted" and "resolved" and adds notes.
 */

/** Every follow-up, newest first; optionally only those with one status, or created in a period. */
export async function listFollowups(app: App, filter: { status?: FollowupStatus } & Period = {}): Promise<Followup[]> {
  return (await listFollowupsIn(app, filter))
    .filter((item) => !filter.status || item.status === filter.status)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export function getFollowup(app: App, id: string): Promise<Followup | undefined> {
  return findFollowup(app, id);
}

export { followupChangeSchema, type FollowupChange } from '../surveys/followups.ts';

/** Applies a change to a follow-up record (pure): status times are set the first time a status is reached. */
function applyChange(item: Followup, change: FollowupChange, at: string): void {
  if (change.status) {
    item.status = change.status;
    if (change.status !== 'open') item.contactedAt ??= at;
    if (change.status === 'resolved') item.resolvedAt ??= at;
    if (change.status === 'open') item.resolvedAt = null;
  }
  if (change.note) item.notes.push({ at, text: change.note });
}

/**
 * Sets the status and/or adds a note; returns the updated follow-up, or
 * undefined when there is no such id.
 * @example await updateFollowup(app, id, { status: 'contacted', note: 'Called, will visit Friday' })
 */
export async function updateFollowup(app: App, id: string, change: FollowupChange): Promise<Followup | undefined> {
  const at = app.now().toISOString();
  const updated = await updateFollowupRecord(app, id, (item) => {
    applyChange(item, change, at);
    return structuredClone(item);
  });
  if (updated) await indexFollowup(app, updated);
  // A note may name an address: the privacy search must find it there.
  if (updated && change.note) await indexPerson(app, 'followup', updated);
  return updated;
}

export type SendFollowupResult =
  | { ok: true; followup: Followup }
  | { ok: false; reason: 'not-found' | 'no-email' }
  | { ok: false; reason: 'mail-failed'; message: string; retryable: boolean };

/**
 * Sends the polite follow-up email to a complaining customer who agreed to be
 * contacted and gave an email address, in their language, once (an idempotency
 * key per follow-up); marks the follow-up "contacted" and records when (emailedAt). The shop's
 * details and product names come from content/ unless given.
 * @example await sendFollowupEmail(app, followup.id)
 */
export async function sendFollowupEmail(
  app: App,
  id: string,
  catalog: Pick<SurveyCatalog, 'site' | 'products'> = { site: readSite(), products: readProductNames() },
): Promise<SendFollowupResult> {
  const followup = await getFollowup(app, id);
  if (!followup) return { ok: false, reason: 'not-found' };
  const contact = followup.contact;
  if (!contact?.email) return { ok: false, reason: 'no-email' };
  const locale = contact.language;
  // The document store's follow-up (left for the privacy search's tests) sends the draft as it is.
  const email = followupEmail(locale, followupDraft(locale, {
    shop: catalog.site.name,
    phone: catalog.site.phone,
    name: contact.name,
    product: followup.product ? catalog.products.get(followup.product)?.[locale] : undefined,
    answeredOn: formatDate(locale, followup.createdAt),
    wrong: followup.reasons.flatMap((reason) => (reason.kind === 'text' ? [] : [reason])),
  }));
  const result = await app.mailer.send({ to: contact.email, ...email, replyTo: catalog.site.email }, { idempotencyKey: `followup-${id}` });
  if (!result.ok) return { ok: false, reason: 'mail-failed', message: result.error.message, retryable: result.error.retryable };
  const at = app.now().toISOString();
  const updated = await updateFollowupRecord(app, id, (item) => {
    if (item.status === 'open') applyChange(item, { status: 'contacted' }, at);
    // No note copying the address: emailedAt records the send, and the page says it in the owner's language.
    item.emailedAt ??= at;
    return structuredClone(item);
  });
  if (updated) await indexFollowup(app, updated);
  return updated ? { ok: true, followup: updated } : { ok: false, reason: 'not-found' };
}
