import type { App } from '../app.ts';
import type { Localized } from '../catalog/localized.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { pseudonym } from '../domain/signing.ts';
import { sendWithRetries, type RetryOptions } from '../email/mailer.ts';
import { winBackEmail } from '../email/templates/win-back.ts';
import { unsubscribeHeaders, unsubscribeUrl } from './links.ts';
import { claimWinBack, lapsedHolders, releaseWinBack, settleWinBack } from './queries.ts';
import { lapsedBefore } from './segments.ts';

/** Holders read per query: the list is walked in pages, never held whole. */
const PAGE = 200;
/** A claim older than this was left by a run that died: the next run takes it over. */
const STALE_MS = 10 * 60_000;

export interface WinBackReport {
  sent: number;
  /** Due, but emailed for this lapse already (or being emailed by another run). */
  skipped: number;
  failed: number;
  /** Left to the next run: an outage, or not reached within the time budget. */
  pending: number;
}

/**
 * Sends the win-back emails due now: one "we miss you" per subscribed card holder and lapse (no stamp for
 * `afterDays`), claimed in win_back_sends before it is sent and keyed by the lapse, so nothing goes twice.
 * @example await sendWinBack(app, { afterDays: 60, offer: programme.winBack.offer })
 */
export async function sendWinBack(app: App, options: { afterDays: number; offer?: Localized; site?: Site; budgetMs?: number } & RetryOptions): Promise<WinBackReport> {
  const started = performance.now();
  const now = app.now();
  const site = options.site ?? readSite();
  const secret = app.secret('SESSION_SECRET');
  const report: WinBackReport = { sent: 0, skipped: 0, failed: 0, pending: 0 };
  const before = lapsedBefore(options.afterDays, now);

  for (let page = await lapsedHolders(app.db, { before, after: '', limit: PAGE }); page.length > 0; page = await lapsedHolders(app.db, { before, after: page.at(-1)!.email, limit: PAGE })) {
    for (const holder of page) {
      if (holder.emailed) {
        report.skipped++;
        continue;
      }
      if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) {
        report.pending++;
        continue;
      }
      const lapse = { email: holder.email, lapseFrom: holder.lapse_from };
      const key = await claimWinBack(app.db, {
        ...lapse,
        key: `winback-${pseudonym(secret, `winback:${holder.email}:${holder.lapse_from.toISOString()}`).slice(0, 32)}`,
        at: app.now(),
        staleBefore: new Date(app.now().getTime() - STALE_MS),
      });
      if (!key) {
        report.skipped++;
        continue;
      }
      const url = unsubscribeUrl(app, holder.email, holder.locale);
      const message = winBackEmail(holder.locale, site, app.config.siteUrl, { name: holder.name, offer: options.offer?.[holder.locale] }, url);
      const result = await sendWithRetries(app.mailer, { to: holder.email, ...message, headers: unsubscribeHeaders(url), tags: [{ name: 'kind', value: 'win-back' }] }, { idempotencyKey: key, maxAttempts: options.maxAttempts, sleep: options.sleep });
      if (!result.ok && result.error.retryable) {
        // The provider is down: the next run claims it again, with the same key.
        await releaseWinBack(app.db, lapse);
        report.pending++;
        continue;
      }
      await settleWinBack(app.db, { ...lapse, at: app.now(), ...(result.ok ? { ok: true, providerId: result.id } : { ok: false, message: result.error.message }) });
      if (result.ok) report.sent++;
      else report.failed++;
    }
  }
  return report;
}
