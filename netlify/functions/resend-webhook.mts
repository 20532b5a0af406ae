import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { readText } from '../../src/http/body.ts';
import { endpoint, problem } from '../../src/http/respond.ts';
import { recordResendEvent } from '../../src/newsletter/resend-events.ts';
import { verifyResendWebhook } from '../../src/newsletter/resend-webhook.ts';

/** Resend's events are small; this leaves room for long bounce messages. */
const MAX_EVENT_BYTES = 256 * 1024;

/** Resend's email events, signed with RESEND_WEBHOOK_SECRET: a bad or stale signature gets 401; a repeat 200 and no change. */
export default endpoint(['POST'], async (request) => {
  const current = app();
  const secret = current.config.resendWebhookSecret;
  if (!secret && request.headers.has('svix-signature')) {
    return problem(503, 'RESEND_WEBHOOK_SECRET is not set: copy the signing secret of the webhook in Resend (Webhooks → your endpoint) to the site environment');
  }
  // Without a secret nothing can be verified: an unsigned delivery is refused either way.
  const verdict = verifyResendWebhook(secret ?? '', await readText(request, MAX_EVENT_BYTES), request.headers);
  if (!verdict.ok) return problem(verdict.status, verdict.reason);
  const outcome = await recordResendEvent(current, verdict.id, verdict.event);
  return Response.json({ ok: true, outcome }, { headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/resend/webhook' };
