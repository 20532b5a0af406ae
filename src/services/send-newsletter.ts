import { randomUUID } from 'node:crypto';
import type { App } from '../app.ts';
import { readIssues, segmentOf, type Issue } from '../catalog/newsletter.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { backoffMs, batchKey, issueToSend, nextBatch, singleKey, type Recipient } from '../domain/newsletter.ts';
import type { EmailMessage, MailError } from '../email/mailer.ts';
import { newsletterEmail, prepareIssue, type PreparedIssue } from '../email/templates/newsletter.ts';
import { ownerNotice } from '../email/templates/owner-notice.ts';
import type { Locale } from '../i18n/locales.ts';
import { approvalDoc, approvalState } from './newsletter-approval.ts';
import { audienceOf } from './newsletter-audience.ts';
import { unsubscribeHeaders, unsubscribeUrl } from './newsletter-links.ts';
import { batchDoc, sendLogDoc, sentBatches, type SendBatch, type SendFailure, type SendLog, type SendRun } from './newsletter-store.ts';

/**
 * Sends a month's issue, once the owner approved it, to every confirmed
 * subscriber in its segment who is not suppressed, in their language, in
 * batches of at most 100, so that no one ever gets it twice:
 *
 * - write-ahead log: a batch is claimed in `newsletter/sends/{issue}` (its
 *   recipients and idempotency key) before the call, then written to its own
 *   document `newsletter/batches/{issue}/{n}` and taken off the log after. A run
 *   that dies in between leaves it claimed; the next run re-sends exactly that
 *   batch with the same key, which Resend (and the outbox) answer without
 *   delivering again;
 * - each batch costs the same at any list size: the audience is read and sorted
 *   once per run, and the log holds counters and the batch in flight, not every
 *   recipient;
 * - a lease in the log lets one run at a time send;
 * - 429 and 5xx are retried with backoff, waiting at least the provider's
 *   `Retry-After`; a batch refused for good is retried address by address and
 *   the addresses that fail are recorded, not retried;
 * - a time budget: no batch starts, and no wait runs, past it (a scheduled
 *   function runs at most 30 s); the next run carries on;
 * - withdrawing the approval stops the send before its next batch.
 */

export interface SendNewsletterOptions {
  trigger: SendRun['trigger'];
  /** `yyyy-mm`; defaults to the current month (UTC). */
  issue?: string;
  /** Report what would be sent; write and send nothing. */
  dryRun?: boolean;
  /** Start no batch and no retry wait after this many ms (the scheduled function passes 20 s). */
  budgetMs?: number;
  /** Attempts per call on 429 / 5xx / network errors. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since some fixed point, for the budget (tests pass one that their sleep moves). */
  clock?: () => number;
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
  /** Calls answered 429 (rate limited) during this run. */
  rateLimited: number;
  /** Addresses that failed permanently during this run. */
  failed: number;
  /** Subscribers in the audience not yet handled after this run. */
  remaining: number;
  /** Dry run: the batches that would be sent. */
  plan?: { locale: Locale; size: number }[];
  message?: string;
}

/** How long a run may hold the send without renewing: after a crash, the next run waits this long at most. */
export const LEASE_MS = 2 * 60_000;
const KEPT_RUNS = 50;

/** Ends the run early: `stopped` (the provider keeps failing) or `paused` (out of time). */
class EndRun extends Error {
  readonly outcome: 'stopped' | 'paused';
  constructor(outcome: 'stopped' | 'paused', message: string) {
    super(message);
    this.outcome = outcome;
  }
}

/** Every address the log has handled: sent in a batch, claimed, or failed for good. */
function handledIn(log: SendLog, sent: readonly SendBatch[]): Set<string> {
  return new Set([...[...log.batches, ...log.open, ...sent].flatMap((b) => b.recipients), ...log.failures.map((f) => f.email)]);
}

export async function sendNewsletter(app: App, options: SendNewsletterOptions): Promise<SendReport> {
  const log = options.log ?? ((line: string) => console.info(line));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clock = options.clock ?? (() => performance.now());
  const maxAttempts = options.maxAttempts ?? 5;
  const started = clock();
  const elapsed = () => clock() - started;
  const issues = options.issues ?? readIssues();
  const site = options.site ?? readSite();
  const { issue, exists } = issueToSend(app.now(), [...new Set(issues.map((i) => i.id))], options.issue);
  const doc = sendLogDoc(issue);
  const report: SendReport = { issue, outcome: 'finished', sent: 0, calls: 0, rateLimited: 0, failed: 0, remaining: 0 };

  if (!exists) return noIssue(app, options, site, report, log);

  const current = await app.store.read(doc);
  if (current.finishedAt) return { ...report, outcome: 'already-sent', message: `Issue ${issue} was sent on ${current.finishedAt}` };

  const versions = issues.filter((i) => i.id === issue);
  const approval = approvalState(await app.store.read(approvalDoc(issue)), versions);
  const { recipients } = await audienceOf(app, segmentOf(versions));
  const prepared = new Map<string, PreparedIssue>(versions.map((i) => [i.locale, prepareIssue(i, site, app.config.siteUrl)]));
  const messagesFor = (batch: Pick<SendBatch, 'locale' | 'recipients'>): EmailMessage[] =>
    batch.recipients.map((email) => {
      const url = unsubscribeUrl(app, email, batch.locale, issue);
      return { to: email, ...newsletterEmail(prepared.get(batch.locale)!, url), headers: unsubscribeHeaders(url), tags: newsletterTags(issue) };
    });

  if (options.dryRun) {
    const handled = handledIn(current, await sentBatches(app.store, issue));
    const plan: { locale: Locale; size: number }[] = [];
    for (let next = nextBatch(recipients, handled); next.batch.length > 0; next = nextBatch(recipients, handled, next.next)) {
      plan.push({ locale: next.batch[0]!.locale, size: next.batch.length });
    }
    const sizes = [...prepared.values()].map((p) => `${p.issue.locale}: ${(Buffer.byteLength(messagesFor({ locale: p.issue.locale, recipients: ['x@example.com'] })[0]!.html) / 1024).toFixed(1)} KB`);
    const approvalNote = approval === 'approved' ? 'approved' : approval === 'changed' ? 'changed since it was approved: approve it again' : 'not approved yet';
    return { ...report, outcome: 'dry-run', plan, remaining: plan.reduce((sum, b) => sum + b.size, 0), message: `email HTML ${sizes.join(', ')}; ${approvalNote}` };
  }

  if (approval !== 'approved') return notApproved(app, options, site, report, approval, log);

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
      if (error?.statusCode === 429) report.rateLimited++;
      if (result.ok || !error?.retryable || attempt >= maxAttempts) return result;
      const wait = Math.max(backoffMs(attempt, options.backoffBaseMs), error.retryAfterMs ?? 0);
      if (options.budgetMs !== undefined && elapsed() + wait > options.budgetMs) {
        throw new EndRun('paused', `${error.statusCode ?? 'network'} ${error.message}: waiting ${wait} ms would pass the time budget; the next run resumes`);
      }
      log(`  ${error.statusCode ?? 'network'} ${error.message}: retrying in ${wait} ms (attempt ${attempt + 1} of ${maxAttempts})`);
      await sleep(wait);
    }
  }

  const handled = handledIn(await app.store.read(doc), await sentBatches(app.store, issue));

  async function deliver(batch: SendBatch): Promise<void> {
    const earlier = (await app.store.read(batchDoc(issue, batch.index))).batch;
    if (earlier?.status === 'sent') return settle(earlier, earlier.ids, []); // recorded, but the log was not updated
    const messages = messagesFor(batch);
    const result = await withRetries(() => app.mailer.sendBatch(messages, { idempotencyKey: batch.key }));
    if (result.ok) {
      await settle(batch, result.ids, []);
      log(`  batch ${batch.index} (${batch.locale}, ${messages.length}) sent`);
      return;
    }
    if (result.error.retryable) throw new EndRun('stopped', `batch ${batch.index}: ${result.error.statusCode ?? 'network'} ${result.error.message} after ${maxAttempts} attempts`);
    // Refused for good (often one bad address): try each address alone and record the ones that fail.
    log(`  batch ${batch.index} refused (${result.error.statusCode ?? '?'} ${result.error.message}): sending one by one`);
    const ids: string[] = [];
    const failures: SendFailure[] = [];
    for (const message of messages) {
      const single = await withRetries(() => app.mailer.send(message, { idempotencyKey: singleKey(issue, message.to) }));
      if (single.ok) ids.push(single.id);
      else if (single.error.retryable) throw new EndRun('stopped', `${message.to}: ${single.error.message} after ${maxAttempts} attempts`);
      else failures.push({ email: message.to, locale: batch.locale, statusCode: single.error.statusCode, message: single.error.message, at: app.now().toISOString() });
    }
    await settle(batch, ids, failures);
  }

  /** Records a delivered batch in its own document, then takes it off the log: two small writes at any list size. */
  async function settle(batch: SendBatch, ids: string[], failures: SendFailure[]): Promise<void> {
    const sent: SendBatch = { ...batch, status: 'sent', ids, sentAt: batch.sentAt ?? app.now().toISOString(), attempts: batch.attempts + (batch.status === 'sent' ? 0 : 1) };
    await app.store.update(batchDoc(issue, batch.index), (draft) => void (draft.batch = sent));
    await app.store.update(doc, (draft) => {
      const at = draft.open.findIndex((b) => b.index === batch.index);
      if (at === -1) return;
      draft.open.splice(at, 1);
      draft.sent += ids.length;
      draft.sentBatches++;
      const known = new Set(draft.failures.map((f) => f.email));
      draft.failures.push(...failures.filter((f) => !known.has(f.email)));
      draft.lease = { run, until: leaseUntil() };
    });
    for (const email of batch.recipients) handled.add(email);
    report.sent += ids.length;
    report.failed += failures.length;
  }

  try {
    // First, batches a crashed or timed-out run left claimed: same recipients, same key.
    for (const orphan of (await app.store.read(doc)).open) {
      log(`  resuming batch ${orphan.index} with its idempotency key`);
      await deliver(orphan);
    }
    for (let from = 0; ; ) {
      if (options.budgetMs !== undefined && elapsed() > options.budgetMs) throw new EndRun('paused', 'Time budget used up; the next run continues');
      const { batch: next, next: after } = nextBatch(recipients, handled, from);
      from = after;
      if (next.length === 0) break;
      // The owner may withdraw the approval while a send is under way: stop before the next batch.
      if (approvalState(await app.store.read(approvalDoc(issue)), versions) !== 'approved') {
        report.outcome = 'not-approved';
        report.message = 'The approval was withdrawn: the send stopped';
        break;
      }
      const batch = await app.store.update(doc, (draft) => {
        const index = Math.max(draft.nextIndex, draft.batches.length);
        const claimed: SendBatch = {
          index,
          key: batchKey(issue, index),
          locale: next[0]!.locale,
          recipients: next.map((r) => r.email),
          status: 'sending',
          ids: [],
          attempts: 0,
          claimedAt: app.now().toISOString(),
        };
        draft.open.push(claimed);
        draft.nextIndex = index + 1;
        draft.lease = { run, until: leaseUntil() };
        return claimed;
      });
      for (const email of batch.recipients) handled.add(email);
      await deliver(batch);
    }
  } catch (error) {
    if (!(error instanceof EndRun)) {
      await finishRun(app, doc, run, options, { ...report, outcome: 'stopped', message: String(error) }).catch(() => undefined);
      throw error;
    }
    report.outcome = error.outcome;
    report.message = error.outcome === 'stopped' ? `${error.message}; run again to resume (nobody gets it twice)` : error.message;
  }

  const after = await app.store.read(doc);
  report.remaining = remainingOf(recipients, handled);
  const done = report.outcome === 'finished' && after.open.length === 0 && report.remaining === 0;
  if (done) await announceFinished(app, doc, site, issue, after);
  else if (report.outcome === 'finished') report.outcome = 'paused';
  return finishRun(app, doc, run, options, report);
}

const remainingOf = (recipients: readonly Recipient[], handled: ReadonlySet<string>) => recipients.filter((r) => !handled.has(r.email)).length;

/** Resend sends these back with every webhook event: which issue an open or a bounce belongs to. */
export function newsletterTags(issue: string): { name: string; value: string }[] {
  return [
    { name: 'kind', value: 'newsletter' },
    { name: 'issue', value: issue },
  ];
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
  const sent = log.sent + log.batches.reduce((sum, b) => sum + b.ids.length, 0);
  const notice = ownerNotice(site, app.config.siteUrl, 'finished', { month: issue, count: sent, failed: log.failures.length });
  await app.mailer.send({ to: app.config.ownerEmail ?? site.ownerEmail, ...notice }, { idempotencyKey: `newsletter-${issue}-finished` });
}

/** No issue for the month: nothing is sent, and the owner hears about it once. */
async function noIssue(app: App, options: SendNewsletterOptions, site: Site, report: SendReport, log: (line: string) => void): Promise<SendReport> {
  const message = `There is no issue ${report.issue} (content/newsletters/${report.issue}/): nothing sent`;
  if (options.dryRun || options.issue) return { ...report, outcome: 'no-issue', message };
  const told = await tellOwnerOnce(app, site, report.issue, 'missingIssue', 'missing', log);
  return finishRun(app, sendLogDoc(report.issue), undefined, options, { ...report, outcome: 'no-issue', message: told ? `${message}; the owner was told` : message });
}

/** An issue the owner has not approved (or edited since): nothing is sent; a scheduled run reminds the owner once. */
async function notApproved(app: App, options: SendNewsletterOptions, site: Site, report: SendReport, state: 'not-approved' | 'changed', log: (line: string) => void): Promise<SendReport> {
  const why = state === 'changed' ? 'was edited after it was approved' : 'is not approved';
  const message = `Issue ${report.issue} ${why}: approve it at /admin/newsletter/ (or npm run newsletter -- --approve)`;
  if (options.trigger === 'schedule') await tellOwnerOnce(app, site, report.issue, 'awaitingApproval', 'approval', log);
  return finishRun(app, sendLogDoc(report.issue), undefined, options, { ...report, outcome: 'not-approved', message });
}

async function tellOwnerOnce(app: App, site: Site, issue: string, notice: 'missingIssue' | 'awaitingApproval', kind: 'missing' | 'approval', log: (line: string) => void): Promise<boolean> {
  const first = await app.store.update(sendLogDoc(issue), (draft) => {
    if (draft.notices[notice]) return false;
    draft.notices[notice] = app.now().toISOString();
    return true;
  });
  if (!first) return false;
  const email = ownerNotice(site, app.config.siteUrl, kind, { month: issue, url: `${app.config.siteUrl}/admin/newsletter/` });
  const sent = await app.mailer.send({ to: app.config.ownerEmail ?? site.ownerEmail, ...email }, { idempotencyKey: `newsletter-${issue}-${kind}` });
  log(sent.ok ? '  the owner was told' : `  telling the owner failed: ${sent.error.message}`);
  return true;
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
