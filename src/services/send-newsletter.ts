import { randomUUID } from 'node:crypto';
import type { App } from '../app.ts';
import { readIssues, type Issue } from '../catalog/newsletter.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { backoffMs, batchKey, issueToSend, nextBatch, singleKey } from '../domain/newsletter.ts';
import type { EmailMessage, MailError } from '../email/mailer.ts';
import { newsletterEmail, prepareIssue, type PreparedIssue } from '../email/templates/newsletter.ts';
import { ownerNotice } from '../email/templates/owner-notice.ts';
import type { Locale } from '../i18n/locales.ts';
import { unsubscribeHeaders, unsubscribeUrl } from './newsletter-links.ts';
import { allSubscribers, sendLogDoc, type SendBatch, type SendFailure, type SendLog, type SendRun } from './newsletter-store.ts';

/**
 * Sends a month's issue to every confirmed subscriber, in their language, in
 * batches of at most 100, so that no one ever gets it twice:
 *
 * - write-ahead log: a batch is written to `newsletter/sends/{issue}` as
 *   `sending` (with its recipients and idempotency key) before the call, and
 *   marked `sent` after. A run that dies in between leaves it `sending`; the next
 *   run re-sends exactly that batch with the same key, which Resend (and the
 *   outbox) answer without delivering again;
 * - a lease in the log lets one run at a time send;
 * - 429 and 5xx are retried with backoff; a batch refused for good is retried
 *   address by address and the addresses that fail are recorded, not retried;
 * - a time budget stops between batches (a scheduled function runs at most 30 s);
 *   the next run carries on.
 */

export interface SendNewsletterOptions {
  trigger: SendRun['trigger'];
  /** `yyyy-mm`; defaults to the current month (UTC). */
  issue?: string;
  /** Report what would be sent; write and send nothing. */
  dryRun?: boolean;
  /** Stop starting batches after this many ms (the scheduled function passes ~20 s). */
  budgetMs?: number;
  /** Attempts per call on 429 / 5xx / network errors. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /** Content, read from disk unless given (tests). */
  issues?: Issue[];
  site?: Site;
}

export interface SendReport {
  issue: string;
  outcome: SendRun['outcome'] | 'dry-run';
  /** Emails accepted during this run. */
  sent: number;
  /** Calls made to the mailer during this run. */
  calls: number;
  /** Addresses that failed permanently during this run. */
  failed: number;
  /** Confirmed subscribers not yet handled after this run. */
  remaining: number;
  /** Dry run: the batches that would be sent. */
  plan?: { locale: Locale; size: number }[];
  message?: string;
}

/** How long a run may hold the send without renewing: after a crash, the next run waits this long at most. */
export const LEASE_MS = 2 * 60_000;
const KEPT_RUNS = 50;

class StopRun extends Error {}

/** Every address the log has handled: in a batch (sending or sent) or failed for good. */
function handledIn(log: SendLog): Set<string> {
  return new Set([...log.batches.flatMap((b) => b.recipients), ...log.failures.map((f) => f.email)]);
}

export async function sendNewsletter(app: App, options: SendNewsletterOptions): Promise<SendReport> {
  const log = options.log ?? ((line: string) => console.info(line));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxAttempts = options.maxAttempts ?? 5;
  const started = performance.now();
  const issues = options.issues ?? readIssues();
  const site = options.site ?? readSite();
  const { issue, exists } = issueToSend(app.now(), [...new Set(issues.map((i) => i.id))], options.issue);
  const doc = sendLogDoc(issue);
  const report: SendReport = { issue, outcome: 'finished', sent: 0, calls: 0, failed: 0, remaining: 0 };

  if (!exists) return noIssue(app, options, site, report, log);

  const current = await app.store.read(doc);
  if (current.finishedAt) return { ...report, outcome: 'already-sent', message: `Issue ${issue} was sent on ${current.finishedAt}` };

  const candidates = (await allSubscribers(app.store)).filter((s) => s.status === 'confirmed').map((s) => ({ email: s.email, locale: s.locale }));
  const prepared = new Map<string, PreparedIssue>(
    issues.filter((i) => i.id === issue).map((i) => [i.locale, prepareIssue(i, site, app.config.siteUrl)]),
  );
  const messagesFor = (batch: Pick<SendBatch, 'locale' | 'recipients'>): EmailMessage[] =>
    batch.recipients.map((email) => {
      const url = unsubscribeUrl(app, email, batch.locale);
      return { to: email, ...newsletterEmail(prepared.get(batch.locale)!, url), headers: unsubscribeHeaders(url) };
    });

  if (options.dryRun) {
    const handled = handledIn(current);
    const plan: { locale: Locale; size: number }[] = [];
    for (let next = nextBatch(candidates, handled); next.length > 0; next = nextBatch(candidates, handled)) {
      plan.push({ locale: next[0]!.locale, size: next.length });
      for (const r of next) handled.add(r.email);
    }
    const sizes = [...prepared.values()].map((p) => `${p.issue.locale}: ${(Buffer.byteLength(messagesFor({ locale: p.issue.locale, recipients: ['x@example.com'] })[0]!.html) / 1024).toFixed(1)} KB`);
    return { ...report, outcome: 'dry-run', plan, remaining: plan.reduce((sum, b) => sum + b.size, 0), message: `email HTML ${sizes.join(', ')}` };
  }

  const run = randomUUID();
  const leaseUntil = () => new Date(app.now().getTime() + LEASE_MS).toISOString();
  const acquired = await app.store.update(doc, (draft) => {
    if (draft.lease && draft.lease.run !== run && Date.parse(draft.lease.until) > app.now().getTime()) return false;
    draft.lease = { run, until: leaseUntil() };
    draft.startedAt ??= app.now().toISOString();
    return true;
  });
  if (!acquired) {
    return finishRun(app, doc, run, options, { ...report, outcome: 'busy', message: `Another send of ${issue} is running; try again in ${LEASE_MS / 60_000} minutes` });
  }

  /** One mailer call with retries on 429 / 5xx; a permanent error or exhausted retries come back as the error. */
  async function withRetries<R extends { ok: boolean }>(call: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      const result = await call();
      report.calls++;
      const error = (result as { error?: MailError }).error;
      if (result.ok || !error?.retryable || attempt >= maxAttempts) return result;
      const wait = backoffMs(attempt, options.backoffBaseMs);
      log(`  ${error.statusCode ?? 'network'} ${error.message}: retrying in ${wait} ms (attempt ${attempt + 1} of ${maxAttempts})`);
      await sleep(wait);
    }
  }

  async function deliver(batch: SendBatch): Promise<void> {
    const messages = messagesFor(batch);
    const result = await withRetries(() => app.mailer.sendBatch(messages, { idempotencyKey: batch.key }));
    if (result.ok) {
      await markSent(batch, result.ids, []);
      log(`  batch ${batch.index} (${batch.locale}, ${messages.length}) sent`);
      return;
    }
    if (result.error.retryable) throw new StopRun(`batch ${batch.index}: ${result.error.statusCode ?? 'network'} ${result.error.message} after ${maxAttempts} attempts`);
    // Refused for good (often one bad address): try each address alone and record the ones that fail.
    log(`  batch ${batch.index} refused (${result.error.statusCode ?? '?'} ${result.error.message}): sending one by one`);
    const ids: string[] = [];
    const failures: SendFailure[] = [];
    for (const message of messages) {
      const single = await withRetries(() => app.mailer.send(message, { idempotencyKey: singleKey(issue, message.to) }));
      if (single.ok) ids.push(single.id);
      else if (single.error.retryable) throw new StopRun(`${message.to}: ${single.error.message} after ${maxAttempts} attempts`);
      else failures.push({ email: message.to, locale: batch.locale, statusCode: single.error.statusCode, message: single.error.message, at: app.now().toISOString() });
    }
    await markSent(batch, ids, failures);
  }

  async function markSent(batch: SendBatch, ids: string[], failures: SendFailure[]): Promise<void> {
    await app.store.update(doc, (draft) => {
      const entry = draft.batches[batch.index];
      if (!entry) throw new Error(`Send log of ${issue} lost batch ${batch.index}`);
      Object.assign(entry, { status: 'sent', ids, sentAt: app.now().toISOString(), attempts: entry.attempts + 1 });
      const known = new Set(draft.failures.map((f) => f.email));
      draft.failures.push(...failures.filter((f) => !known.has(f.email)));
      draft.lease = { run, until: leaseUntil() };
    });
    report.sent += ids.length;
    report.failed += failures.length;
  }

  try {
    // First, batches a crashed or timed-out run left half-done: same recipients, same key.
    for (const orphan of (await app.store.read(doc)).batches.filter((b) => b.status === 'sending')) {
      log(`  resuming batch ${orphan.index} with its idempotency key`);
      await deliver(orphan);
    }
    for (;;) {
      if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) {
        report.outcome = 'paused';
        report.message = 'Time budget used up; the next run continues';
        break;
      }
      const batch = await app.store.update(doc, (draft) => {
        const next = nextBatch(candidates, handledIn(draft));
        if (next.length === 0) return null;
        const claimed: SendBatch = {
          index: draft.batches.length,
          key: batchKey(issue, draft.batches.length),
          locale: next[0]!.locale,
          recipients: next.map((r) => r.email),
          status: 'sending',
          ids: [],
          attempts: 0,
          claimedAt: app.now().toISOString(),
        };
        draft.batches.push(claimed);
        draft.lease = { run, until: leaseUntil() };
        return claimed;
      });
      if (!batch) break;
      await deliver(batch);
    }
  } catch (error) {
    if (!(error instanceof StopRun)) {
      await finishRun(app, doc, run, options, { ...report, outcome: 'stopped', message: String(error) }).catch(() => undefined);
      throw error;
    }
    report.outcome = 'stopped';
    report.message = `${error.message}; run again to resume (nobody gets it twice)`;
  }

  const after = await app.store.read(doc);
  const handled = handledIn(after);
  report.remaining = candidates.filter((c) => !handled.has(c.email)).length;
  const done = report.outcome === 'finished' && !after.batches.some((b) => b.status === 'sending');
  if (done) await announceFinished(app, doc, site, issue, after);
  else if (report.outcome === 'finished') report.outcome = 'paused';
  return finishRun(app, doc, run, options, report);
}

/** Marks the issue finished and tells the owner, once. */
async function announceFinished(app: App, doc: ReturnType<typeof sendLogDoc>, site: Site, issue: string, log: SendLog): Promise<void> {
  const first = await app.store.update(doc, (draft) => {
    draft.finishedAt ??= app.now().toISOString();
    if (draft.notices.finished) return false;
    draft.notices.finished = app.now().toISOString();
    return true;
  });
  if (!first) return;
  const sent = log.batches.reduce((sum, b) => sum + b.ids.length, 0);
  const notice = ownerNotice(site, app.config.siteUrl, 'finished', { month: issue, sent: String(sent), failed: String(log.failures.length) });
  await app.mailer.send({ to: app.config.ownerEmail ?? site.ownerEmail, ...notice }, { idempotencyKey: `newsletter-${issue}-finished` });
}

/** No issue for the month: nothing is sent, and the owner hears about it once. */
async function noIssue(app: App, options: SendNewsletterOptions, site: Site, report: SendReport, log: (line: string) => void): Promise<SendReport> {
  const message = `There is no issue ${report.issue} (content/newsletters/${report.issue}/): nothing sent`;
  if (options.dryRun || options.issue) return { ...report, outcome: 'no-issue', message };
  const doc = sendLogDoc(report.issue);
  const first = await app.store.update(doc, (draft) => {
    if (draft.notices.missingIssue) return false;
    draft.notices.missingIssue = app.now().toISOString();
    return true;
  });
  if (first) {
    const notice = ownerNotice(site, app.config.siteUrl, 'missing', { month: report.issue });
    const sent = await app.mailer.send({ to: app.config.ownerEmail ?? site.ownerEmail, ...notice }, { idempotencyKey: `newsletter-${report.issue}-missing` });
    log(sent.ok ? '  the owner was told' : `  telling the owner failed: ${sent.error.message}`);
  }
  return finishRun(app, doc, undefined, options, { ...report, outcome: 'no-issue', message: first ? `${message}; the owner was told` : message });
}

/** Releases the lease and records the run in the log (the latest 50 runs are kept). */
async function finishRun(app: App, doc: ReturnType<typeof sendLogDoc>, run: string | undefined, options: SendNewsletterOptions, report: SendReport): Promise<SendReport> {
  await app.store.update(doc, (draft) => {
    if (run && draft.lease?.run === run) delete draft.lease;
    if (report.outcome === 'dry-run' || report.outcome === 'already-sent') return;
    draft.runs.push({ at: app.now().toISOString(), trigger: options.trigger, outcome: report.outcome, sent: report.sent, ...(report.message ? { message: report.message } : {}) });
    draft.runs.splice(0, Math.max(0, draft.runs.length - KEPT_RUNS));
  });
  return report;
}
