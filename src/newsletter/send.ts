import { randomUUID } from 'node:crypto';
import type { App } from '../app.ts';
import { readIssues, segmentOf, type Issue } from '../catalog/newsletter.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { withRetries, type BatchResult, type EmailMessage, type RetryOptions, type SendResult } from '../email/mailer.ts';
import { newsletterEmail, prepareIssue, type PreparedIssue } from '../email/templates/newsletter.ts';
import { ownerNotice } from '../email/templates/owner-notice.ts';
import type { Locale } from '../i18n/locales.ts';
import { unsubscribeHeaders, unsubscribeUrl } from './links.ts';
import {
  approvalOf,
  claimBatch,
  finishedAt,
  markFailed,
  markSent,
  noticeOnce,
  reach,
  recordRun,
  releaseLease,
  sendCounts,
  takeLease,
  unsentBatches,
  type RunTrigger,
} from './queries.ts';
import { approvalState, BATCH_SIZE, batchKey, issueToSend, singleKey, type ApprovalState } from './rules.ts';
import { lapsedBefore } from './segments.ts';

/**
 * Sends a month's approved issue to every confirmed, unsuppressed subscriber in its segment, in their language,
 * never twice: each batch is claimed ('sending', with its idempotency key) before the mailer is called, and the
 * batches a dead run left claimed are resent under the same keys (Resend and the outbox deliver a key once).
 * One run per issue at a time (a lease); 429 and 5xx are retried with backoff; a time budget pauses the run (a
 * scheduled function runs at most 30 s); withdrawing or editing the issue stops it before its next batch.
 */

/** `maxAttempts`: per call on 429 / 5xx / network errors (default 5 here). */
export interface SendNewsletterOptions extends Pick<RetryOptions, 'maxAttempts' | 'backoffBaseMs' | 'sleep'> {
  trigger: RunTrigger;
  /** `yyyy-mm`; defaults to the shop's current month. */
  issue?: string;
  /** Report what would be sent; write and send nothing. */
  dryRun?: boolean;
  /** Start no batch and no retry wait after this many ms (the scheduled function passes 20 s). */
  budgetMs?: number;
  /** Milliseconds since some fixed point, for the budget (tests pass one that their sleep moves). */
  clock?: () => number;
  log?: (line: string) => void;
  /** Addresses per batch (at most 100, Resend's limit). */
  batchSize?: number;
  /** Content, read from the compiled content unless given (tests). */
  issues?: Issue[];
  site?: Site;
}

export type SendOutcome = 'finished' | 'paused' | 'stopped' | 'busy' | 'no-issue' | 'already-sent' | 'not-approved' | 'dry-run';

export interface SendReport {
  issue: string;
  outcome: SendOutcome;
  /** During this run: emails accepted, mailer calls, calls answered 429, addresses refused for good. */
  sent: number;
  calls: number;
  rateLimited: number;
  failed: number;
  /** Addresses in the audience not yet sent to after this run. */
  remaining: number;
  /** Dry run: who would get it now, per language. */
  plan?: Record<Locale, number>;
  message?: string;
}

/** How long a run may hold the send without renewing: after a crash, the next run waits this long at most. */
export const LEASE_MS = 2 * 60_000;

/** Ends the run early: `stopped` (the provider keeps failing, the lease was lost) or `paused` (out of time). */
class EndRun extends Error {
  readonly outcome: 'stopped' | 'paused';
  constructor(outcome: 'stopped' | 'paused', message: string) {
    super(message);
    this.outcome = outcome;
  }
}

type Recipient = { email: string; locale: Locale };

/**
 * Sends an issue (see above); every outcome is a value in the report.
 * @example const report = await sendNewsletter(app, { trigger: 'schedule', budgetMs: 20_000 })
 */
export async function sendNewsletter(app: App, options: SendNewsletterOptions): Promise<SendReport> {
  const log = options.log ?? ((line: string) => console.info(line));
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const elapsed = () => clock() - started;
  const issues = options.issues ?? readIssues();
  const site = options.site ?? readSite();
  const now = app.now();
  const { issue, exists } = issueToSend(now, site.timeZone, [...new Set(issues.map((i) => i.id))], options.issue);
  const report: SendReport = { issue, outcome: 'finished', sent: 0, calls: 0, rateLimited: 0, failed: 0, remaining: 0 };
  const run = (outcome: SendOutcome, message?: string) => recordRun(app.db, { issue, at: app.now(), trigger: options.trigger, outcome, sent: report.sent, message });

  if (!exists) {
    const message = `There is no issue ${issue} (write it in the content editor, /admin/content/): nothing sent`;
    if (options.dryRun || options.issue) return { ...report, outcome: 'no-issue', message };
    const told = await tellOwnerOnce(app, site, issue, 'missing', log);
    await run('no-issue', message);
    return { ...report, outcome: 'no-issue', message: told ? `${message}; the owner was told` : message };
  }

  const finished = await finishedAt(app.db, issue);
  if (finished) return { ...report, outcome: 'already-sent', message: `Issue ${issue} was sent on ${finished.toISOString()}` };

  const versions = issues.filter((i) => i.id === issue);
  const segment = segmentOf(versions);
  const before = lapsedBefore(segment.lapsedDays, now);
  const approval = await approvalOf(app.db, issue);
  const state = approvalState(approval, versions);
  const prepared = new Map<Locale, PreparedIssue>(versions.map((i) => [i.locale, prepareIssue(i, site, app.config.siteUrl)]));
  const messageTo = ({ email, locale }: Recipient): EmailMessage => {
    const url = unsubscribeUrl(app, email, locale, issue);
    // Resend sends the tags back with every webhook event: which issue an open or a bounce belongs to.
    const tags = [{ name: 'kind', value: 'newsletter' }, { name: 'issue', value: issue }];
    return { to: email, ...newsletterEmail(prepared.get(locale)!, url), headers: unsubscribeHeaders(url), tags };
  };

  if (options.dryRun) {
    const plan = await reach(app.db, segment, before, issue);
    const sizes = [...prepared.values()].map((p) => `${p.issue.locale}: ${(Buffer.byteLength(messageTo({ email: 'x@example.com', locale: p.issue.locale }).html) / 1024).toFixed(1)} KB`);
    return { ...report, outcome: 'dry-run', plan, remaining: total(plan), message: `email HTML ${sizes.join(', ')}; ${approvalNote[state]}` };
  }

  if (state !== 'approved') {
    const message = `Issue ${issue} ${approvalNote[state]}: approve it at /admin/newsletter/ (or npm run newsletter -- --approve)`;
    if (options.trigger === 'schedule') await tellOwnerOnce(app, site, issue, 'approval', log);
    await run('not-approved', message);
    return { ...report, outcome: 'not-approved', message };
  }

  const runId = randomUUID();
  const holdLease = () => takeLease(app.db, issue, runId, app.now(), new Date(app.now().getTime() + LEASE_MS));
  if (!(await holdLease())) {
    const message = `Another send of ${issue} is running; try again in ${LEASE_MS / 60_000} minutes`;
    await run('busy', message);
    return { ...report, outcome: 'busy', message };
  }

  const retries: RetryOptions = {
    maxAttempts: options.maxAttempts ?? 5,
    sleep: options.sleep,
    backoffBaseMs: options.backoffBaseMs,
    beforeWait: (wait, error, attempt) => {
      const what = `${error.statusCode ?? 'network'} ${error.message}`;
      if (options.budgetMs !== undefined && elapsed() + wait > options.budgetMs) throw new EndRun('paused', `${what}: waiting ${wait} ms would pass the time budget; the next run resumes`);
      log(`  ${what}: retrying in ${wait} ms (attempt ${attempt + 1} of ${retries.maxAttempts})`);
    },
  };
  /** One mailer call with retries, counted; a lasting outage ends the run (the batch stays claimed). */
  async function call<R extends SendResult | BatchResult>(send: () => Promise<R>, what: string): Promise<R> {
    const result = await withRetries(async () => {
      const answer = await send();
      report.calls++;
      if (!answer.ok && answer.error.statusCode === 429) report.rateLimited++;
      return answer;
    }, retries);
    if (!result.ok && result.error.retryable) throw new EndRun('stopped', `${what}: ${result.error.statusCode ?? 'network'} ${result.error.message} after ${retries.maxAttempts} attempts`);
    return result;
  }

  /** Sends one claimed batch under its key and records what became of each address. */
  async function deliver(key: string, recipients: readonly Recipient[]): Promise<void> {
    const messages = recipients.map(messageTo);
    const result = await call(() => app.mailer.sendBatch(messages, { idempotencyKey: key }), `batch ${key}`);
    if (result.ok) {
      await markSent(app.db, issue, recipients.map((r, i) => ({ email: r.email, id: result.ids[i]! })), app.now());
      report.sent += recipients.length;
      log(`  batch ${key} (${recipients.length}) sent`);
      return;
    }
    // Refused for good (often one bad address): each address alone, recording the ones that fail.
    log(`  batch ${key} refused (${result.error.statusCode ?? '?'} ${result.error.message}): sending one by one`);
    const sent: { email: string; id: string }[] = [];
    const failed: { email: string; error: string }[] = [];
    for (const message of messages) {
      const single = await call(() => app.mailer.send(message, { idempotencyKey: singleKey(issue, message.to) }), message.to);
      if (single.ok) sent.push({ email: message.to, id: single.id });
      else failed.push({ email: message.to, error: `${single.error.statusCode ?? ''} ${single.error.message}`.trim() });
    }
    await markSent(app.db, issue, sent, app.now());
    await markFailed(app.db, issue, failed);
    report.sent += sent.length;
    report.failed += failed.length;
  }

  try {
    // First, batches a crashed or timed-out run left claimed: same recipients, same key.
    for (const orphan of await unsentBatches(app.db, issue)) {
      log(`  resending batch ${orphan.key} with its idempotency key`);
      await deliver(orphan.key, orphan.recipients);
    }
    for (let index = 0, after = ''; ; index++) {
      if (options.budgetMs !== undefined && elapsed() > options.budgetMs) throw new EndRun('paused', 'Time budget used up; the next run continues');
      if (!(await holdLease())) throw new EndRun('stopped', 'Another run took the send over');
      const key = batchKey(issue, runId, index);
      const batch = await claimBatch(app.db, { issue, key, segment, before, fingerprint: approval!.fingerprint, after, limit: options.batchSize ?? BATCH_SIZE, at: app.now() });
      if (batch.length === 0) break;
      after = batch.at(-1)!.email;
      await deliver(key, batch);
    }
    // An empty claim: everyone is served, or the approval was withdrawn (or the text edited) meanwhile.
    const nowState = approvalState(await approvalOf(app.db, issue), versions);
    if (nowState !== 'approved') Object.assign(report, { outcome: 'not-approved', message: `The issue ${approvalNote[nowState]} during the send: it stopped` });
  } catch (error) {
    if (!(error instanceof EndRun)) {
      await Promise.allSettled([releaseLease(app.db, issue, runId), run('stopped', String(error))]);
      throw error;
    }
    report.outcome = error.outcome;
    report.message = error.outcome === 'stopped' ? `${error.message}; run again to resume (nobody gets it twice)` : error.message;
  }
  await releaseLease(app.db, issue, runId);

  report.remaining = (await sendCounts(app.db, issue)).sending + total(await reach(app.db, segment, before, issue));
  if (report.outcome === 'finished' && report.remaining > 0) report.outcome = 'paused';
  if (report.outcome === 'finished') {
    if (await run('finished', report.message)) await tellOwnerOnce(app, site, issue, 'finished');
  } else {
    await run(report.outcome, report.message);
  }
  return report;
}

const approvalNote: Record<ApprovalState, string> = { approved: 'is approved', 'not-approved': 'is not approved', changed: 'was edited after it was approved' };

const total = (byLocale: Record<Locale, number>) => Object.values(byLocale).reduce((sum, n) => sum + n, 0);

/** Emails the owner about an issue, once per kind: missing (where to write it), waiting for approval (where to approve it), finished. */
async function tellOwnerOnce(app: App, site: Site, issue: string, kind: 'missing' | 'approval' | 'finished', log?: (line: string) => void): Promise<boolean> {
  if (!(await noticeOnce(app.db, issue, kind, app.now()))) return false;
  const vars =
    kind === 'finished'
      ? await sendCounts(app.db, issue).then(({ sent, failed }) => ({ count: sent, failed }))
      : { url: kind === 'missing' ? `${app.config.siteUrl}/admin/content/` : `${app.config.siteUrl}/admin/newsletter/?issue=${issue}` };
  const email = ownerNotice(site, app.config.siteUrl, kind, { month: issue, ...vars });
  const sent = await app.mailer.send({ to: app.config.ownerEmail ?? site.ownerEmail, ...email }, { idempotencyKey: `newsletter-${issue}-${kind}` });
  log?.(sent.ok ? '  the owner was told' : `  telling the owner failed: ${sent.error.message}`);
  return true;
}
