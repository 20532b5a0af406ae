import { z } from 'zod';
import type { App } from '../app.ts';
import { deliveryEvents, noCounts, type DeliveryCounts, type DeliveryEvent, type IssueFigures } from '../domain/delivery-figures.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { summariseSendLog, type SendLog } from './newsletter-store.ts';

/**
 * Each issue's delivery figures, counted as Resend's webhooks (and unsubscribe
 * links) report them: one small rollup document per issue, so the dashboard never
 * scans events.
 *
 *   newsletter/figures/{yyyy-mm}   { issue, counts: { delivered, bounced, … } }
 */

const countsSchema = z.object(Object.fromEntries(deliveryEvents.map((e) => [e, z.number().int().min(0).default(0)])) as Record<DeliveryEvent, z.ZodDefault<z.ZodNumber>>);

export function figuresDoc(issue: string): Doc<{ issue: string; counts: DeliveryCounts }> {
  return defineDoc(`newsletter/figures/${issue}`, z.object({ issue: z.string(), counts: countsSchema }), () => ({ issue, counts: noCounts() }));
}

/** Counts one more delivery event for an issue. */
export async function countEvent(app: Pick<App, 'store'>, issue: string, event: DeliveryEvent): Promise<void> {
  await app.store.update(figuresDoc(issue), (draft) => void draft.counts[event]++);
}

/**
 * An issue's figures: sent from its send log, the rest from the rollup.
 * @example rates(await issueFigures(app, log))
 */
export async function issueFigures(app: Pick<App, 'store'>, log: SendLog): Promise<IssueFigures> {
  const { counts } = await app.store.read(figuresDoc(log.issue));
  return { sent: summariseSendLog(log).sent, ...counts };
}
