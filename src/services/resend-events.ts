import { z } from 'zod';
import type { App } from '../app.ts';
import type { DeliveryEvent } from '../domain/delivery-figures.ts';
import { issueIdPattern, normaliseEmail } from '../domain/newsletter.ts';
import { tagValue, type ResendEvent } from '../email/resend-webhook.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { countEvent } from './delivery-figures.ts';
import { suppress } from './suppressions.ts';

/**
 * What Resend's webhooks tell the kit about each email it sent: a hard bounce or
 * a complaint suppresses the address at once; delivered, opened, clicked,
 * bounced and complained count once per email in its issue's figures.
 *
 *   resend/messages/{email_id}   { events: [svix ids], seen: { delivered?: at, … } }
 *
 * One small document per email makes a delivery idempotent by its event id (a
 * retry or replay finds its id there) and counts opens and clicks once per email
 * however often the reader opens it.
 */

const webhookEvents: Record<string, DeliveryEvent> = {
  'email.delivered': 'delivered',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
  'email.opened': 'opened',
  'email.clicked': 'clicked',
};

/** Event ids kept per email: enough for every retry of its few events; an email clicked many times drops the oldest. */
const KEPT_IDS = 50;

const messageDoc = (emailId: string): Doc<{ events: string[]; seen: Partial<Record<DeliveryEvent, string>> }> =>
  defineDoc(`resend/messages/${emailId}`, z.object({ events: z.array(z.string()), seen: z.partialRecord(z.enum(['delivered', 'bounced', 'complained', 'opened', 'clicked', 'unsubscribed']), z.string()) }), () => ({ events: [], seen: {} }));

export type EventOutcome = 'recorded' | 'duplicate' | 'ignored';

/**
 * Records one verified webhook event (id: the `svix-id` header).
 * @example await recordResendEvent(app, 'msg_2b…', { type: 'email.bounced', created_at, data: { email_id, to: ['ana@x.com'], bounce: { type: 'Permanent' } } })
 */
export async function recordResendEvent(app: App, id: string, event: ResendEvent): Promise<EventOutcome> {
  const kind = webhookEvents[event.type];
  const emailId = event.data.email_id;
  if (!kind || !emailId) return 'ignored';
  const at = app.now().toISOString();
  const first = await app.store.update(messageDoc(emailId), (draft) => {
    if (draft.events.includes(id)) return null;
    draft.events.push(id);
    draft.events.splice(0, Math.max(0, draft.events.length - KEPT_IDS));
    if (draft.seen[kind]) return false;
    draft.seen[kind] = at;
    return true;
  });
  if (first === null) return 'duplicate';

  const issue = tagValue(event, 'kind') === 'newsletter' ? tagValue(event, 'issue') : undefined;
  if (event.type === 'email.complained' || (event.type === 'email.bounced' && isHardBounce(event))) {
    const detail = event.data.bounce ? [event.data.bounce.type, event.data.bounce.subType, event.data.bounce.message].filter(Boolean).join(': ').slice(0, 500) : undefined;
    for (const raw of [event.data.to ?? []].flat()) {
      const email = normaliseEmail(raw);
      if (email) await suppress(app, email, { reason: kind === 'complained' ? 'complained' : 'bounced', ...(detail ? { detail } : {}), ...(issue ? { issue } : {}) });
    }
  }
  if (first && issue && issueIdPattern.test(issue)) await countEvent(app, issue, kind);
  return 'recorded';
}

/** Resend reports bounces with SES's types: only a `Transient` one (a full mailbox) may deliver later. */
function isHardBounce(event: ResendEvent): boolean {
  return event.data.bounce?.type?.toLowerCase() !== 'transient';
}
