import { Webhook } from 'svix';
import { z } from 'zod';

/** The part of an email event the kit uses (Resend documents more; unknown fields pass). */
export const resendEventSchema = z.object({
  type: z.string().max(100),
  created_at: z.string().max(100),
  data: z.looseObject({
    email_id: z.string().regex(/^[\w-]{1,100}$/).optional(),
    to: z.union([z.array(z.string()), z.string()]).optional(),
    // Resend's docs show an array of { name, value }; its SDK types a record: accept both.
    tags: z.union([z.array(z.object({ name: z.string(), value: z.string() })), z.record(z.string(), z.string())]).optional(),
    bounce: z.looseObject({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
  }),
});
export type ResendEvent = z.infer<typeof resendEventSchema>;

/**
 * Verifies a delivery's Svix signature and parses its event. The `svix` library refuses a timestamp more than
 * five minutes off (an old replay); replays inside that window are caught by the event id downstream.
 * @example const verdict = verifyResendWebhook(secret, await request.text(), request.headers)
 */
export function verifyResendWebhook(secret: string, payload: string, headers: Headers): { ok: true; id: string; event: ResendEvent } | { ok: false; status: 400 | 401; reason: string } {
  const signed = { 'svix-id': headers.get('svix-id') ?? '', 'svix-timestamp': headers.get('svix-timestamp') ?? '', 'svix-signature': headers.get('svix-signature') ?? '' };
  if (!signed['svix-id'] || !signed['svix-timestamp'] || !signed['svix-signature']) return { ok: false, status: 401, reason: 'Unsigned: svix-id, svix-timestamp and svix-signature are required' };
  try {
    new Webhook(secret).verify(payload, signed);
  } catch (error) {
    return { ok: false, status: 401, reason: `Refused: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!/^[\w-]{1,100}$/.test(signed['svix-id'])) return { ok: false, status: 400, reason: 'Malformed svix-id' };
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, status: 400, reason: 'Malformed JSON' };
  }
  const event = resendEventSchema.safeParse(json);
  return event.success ? { ok: true, id: signed['svix-id'], event: event.data } : { ok: false, status: 400, reason: 'Not a Resend event' };
}

/** A tag's value, whichever shape Resend sent the tags in. */
export function tagValue(event: ResendEvent, name: string): string | undefined {
  const tags = event.data.tags;
  if (!tags) return undefined;
  return Array.isArray(tags) ? tags.find((t) => t.name === name)?.value : tags[name];
}
