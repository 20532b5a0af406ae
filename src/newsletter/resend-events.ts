import type { App } from '../app.ts';
import { normaliseEmail } from '../email/address.ts';
import type { DeliveryEvent } from './delivery-figures.ts';
import { issueIdPattern } from './issue-id.ts';
import { applyDelivery } from './queries.ts';
import { tagValue, type ResendEvent } from './resend-webhook.ts';

const webhookEvents: Record<string, DeliveryEvent> = {
  'email.delivered': 'delivered',
  'email.bounced': 'bounced',
  'email.complained': 'complained',
  'email.opened': 'opened',
  'email.clicked': 'clicked',
};

/**
 * Records one verified webhook event (id: the `svix-id` header) once: a hard bounce or a complaint suppresses
 * the address; each event counts once per email and kind, however often its reader opens it.
 * @example await recordResendEvent(app, 'msg_2b…', { type: 'email.bounced', created_at, data: { email_id, to: ['ana@x.com'], bounce: { type: 'Permanent' } } })
 */
export async function recordResendEvent(app: App, id: string, event: ResendEvent): Promise<'recorded' | 'duplicate' | 'ignored'> {
  const kind = webhookEvents[event.type];
  const emailId = event.data.email_id;
  if (!kind || !emailId) return 'ignored';
  const tagged = tagValue(event, 'kind') === 'newsletter' ? tagValue(event, 'issue') : undefined;
  const issue = tagged && issueIdPattern.test(tagged) ? tagged : null;
  const bounce = event.data.bounce;
  // Resend reports bounces with SES's types: only a `Transient` one (a full mailbox) may deliver later.
  const suppresses = kind === 'complained' || (kind === 'bounced' && bounce?.type?.toLowerCase() !== 'transient');
  const suppress = suppresses
    ? {
        emails: [event.data.to ?? []].flat().flatMap((raw) => normaliseEmail(raw) ?? []),
        reason: kind === 'complained' ? ('complained' as const) : ('bounced' as const),
        detail: bounce ? [bounce.type, bounce.subType, bounce.message].filter(Boolean).join(': ').slice(0, 500) || null : null,
        issue,
      }
    : null;
  return (await applyDelivery(app.db, { id, at: app.now(), providerId: emailId, event: kind, suppress })) ? 'recorded' : 'duplicate';
}
