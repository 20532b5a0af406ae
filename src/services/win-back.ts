import { z } from 'zod';
import type { App } from '../app.ts';
import type { Localized } from '../catalog/localized.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { shardOf } from '../domain/newsletter.ts';
import { hasLapsed, lastSeen } from '../domain/segments.ts';
import { pseudonym } from '../domain/signing.ts';
import { sendWithRetries, type RetryOptions } from '../email/mailer.ts';
import { winBackEmail } from '../email/templates/win-back.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { cardHolderActivity } from './newsletter-audience.ts';
import { unsubscribeHeaders, unsubscribeUrl } from './newsletter-links.ts';
import { allSubscribers } from './newsletter-store.ts';
import { suppressionCheck } from './suppressions.ts';

/**
 * The win-back automation: a registered card holder who subscribed to the
 * newsletter (confirmed, not suppressed) and has not been stamped for
 * `afterDays` gets one "we miss you" email in their language, once per lapse: a
 * new stamp starts a new lapse. The log is written before each send and the
 * idempotency key is the same for the same lapse, so a re-run or a crash never
 * sends twice.
 *
 *   winback/{0-f}   { sends: { [keyed hash of the address]: { lapseFrom, status, key, at, id?, message? } } }
 *
 * The log keeps no address (a keyed hash), so an erasure needs nothing here.
 */

const winBackSendSchema = z.object({
  /** The last stamp (or registration) the lapse counts from: one email per value. */
  lapseFrom: z.string(),
  status: z.enum(['sending', 'sent', 'failed']),
  key: z.string(),
  at: z.iso.datetime(),
  id: z.string().optional(),
  message: z.string().optional(),
});

const winBackDoc = (shard: string): Doc<{ sends: Record<string, z.infer<typeof winBackSendSchema>> }> =>
  defineDoc(`winback/${shard}`, z.object({ sends: z.record(z.string(), winBackSendSchema) }), () => ({ sends: {} }));

export interface WinBackReport {
  sent: number;
  /** Due, but emailed for this lapse already. */
  skipped: number;
  failed: number;
  /** Left `sending` after an outage, or not reached within the time budget: the next run sends them. */
  pending: number;
}

/**
 * Sends the win-back emails due now.
 * @example await sendWinBack(app, { afterDays: 60, offer: programme.winBack.offer })
 */
export async function sendWinBack(
  app: App,
  options: { afterDays: number; offer?: Localized; site?: Site; budgetMs?: number } & RetryOptions,
): Promise<WinBackReport> {
  const started = performance.now();
  const now = app.now();
  const site = options.site ?? readSite();
  const retry: RetryOptions = { maxAttempts: options.maxAttempts, sleep: options.sleep };
  const report: WinBackReport = { sent: 0, skipped: 0, failed: 0, pending: 0 };
  const [holders, subscribers, isSuppressed] = await Promise.all([cardHolderActivity(app), allSubscribers(app.store), suppressionCheck(app)]);
  const subscribed = new Set(subscribers.filter((s) => s.status === 'confirmed').map((s) => s.email));
  const secret = app.secret('SESSION_SECRET');

  for (const [email, holder] of holders) {
    if (!subscribed.has(email) || isSuppressed(email) || !hasLapsed(holder, options.afterDays, now)) continue;
    if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) {
      report.pending++;
      continue;
    }
    const lapseFrom = lastSeen(holder);
    const person = pseudonym(secret, `winback:${email}`);
    const key = `winback-${pseudonym(secret, `winback:${email}:${lapseFrom}`).slice(0, 32)}`;
    const doc = winBackDoc(shardOf(email));
    const claimed = await app.store.update(doc, (draft) => {
      const earlier = draft.sends[person];
      if (earlier && earlier.lapseFrom === lapseFrom && earlier.status !== 'sending') return false;
      draft.sends[person] = { lapseFrom, status: 'sending', key, at: now.toISOString() };
      return true;
    });
    if (!claimed) {
      report.skipped++;
      continue;
    }
    const url = unsubscribeUrl(app, email, holder.language);
    const message = winBackEmail(holder.language, site, app.config.siteUrl, { name: holder.name, offer: options.offer?.[holder.language] }, url);
    const result = await sendWithRetries(app.mailer, { to: email, ...message, headers: unsubscribeHeaders(url), tags: [{ name: 'kind', value: 'win-back' }] }, { idempotencyKey: key, ...retry });
    if (!result.ok && result.error.retryable) {
      report.pending++;
      continue;
    }
    await app.store.update(doc, (draft) => {
      draft.sends[person] = result.ok
        ? { lapseFrom, status: 'sent', key, at: app.now().toISOString(), id: result.id }
        : { lapseFrom, status: 'failed', key, at: app.now().toISOString(), message: result.error.message };
    });
    if (result.ok) report.sent++;
    else report.failed++;
  }
  return report;
}
