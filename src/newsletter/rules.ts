import { createHash } from 'node:crypto';
import type { Issue } from '../catalog/newsletter.ts';
import { monthIn } from '../domain/periods.ts';
import { MAX_BATCH } from '../email/mailer.ts';

/** The newsletter's pure rules (which issue, when, batch keys, approvals); time and time zone are parameters. */

/** Addresses claimed and sent per mailer call: Resend's batch API takes at most 100. */
export const BATCH_SIZE = MAX_BATCH;

/** The scheduled send's cron (UTC), also written in netlify/functions/newsletter-send.mts where Netlify reads it (a test keeps them equal). */
export const SEND_SCHEDULE = '*/20 8-19 1-7 * *';
const RUN_MINUTES = [0, 20, 40];
const RUN_HOURS = { first: 8, last: 19 };
const RUN_DAYS = 7;


/**
 * The issue the scheduled send takes at `now`: the shop's current month's, when it exists among `available`
 * ids. An explicit `requested` id wins (the npm script's --issue, the dashboard's "Send now").
 * @example issueToSend(new Date('2026-11-01T09:00:00Z'), 'Europe/Madrid', ['2026-11']) → { issue: '2026-11', exists: true }
 */
export function issueToSend(now: Date, timeZone: string, available: readonly string[], requested?: string): { issue: string; exists: boolean } {
  const issue = requested ?? monthIn(now, timeZone);
  return { issue, exists: available.includes(issue) };
}

/**
 * The next run of the scheduled send, at or after `now`, that takes `issue` (a run takes the shop's current
 * month only); null when no run ever will: its days have passed, so only "Send now" sends it.
 * @example nextScheduledRun('2026-12', new Date('2026-11-20T10:00:00Z'), 'Europe/Madrid') → 2026-12-01T08:00:00Z
 */
export function nextScheduledRun(issue: string, now: Date, timeZone: string): Date | null {
  const [year, month] = issue.split('-').map(Number) as [number, number];
  // A run on the shop's day 1 may fall on the last UTC day before it, so the following UTC month is looked at too.
  for (const monthIndex of [month - 1, month]) {
    for (let day = 1; day <= RUN_DAYS; day++) {
      for (let hour = RUN_HOURS.first; hour <= RUN_HOURS.last; hour++) {
        for (const minute of RUN_MINUTES) {
          const run = new Date(Date.UTC(year, monthIndex, day, hour, minute));
          if (run >= now && monthIn(run, timeZone) === issue) return run;
        }
      }
    }
  }
  return null;
}

/**
 * The idempotency key of one claimed batch, kept on its rows so a resent batch reuses it.
 * @example batchKey('2026-11', 'c0ffee00-…', 3) → 'newsletter-2026-11-c0ffee00-3'
 */
export function batchKey(issue: string, run: string, index: number): string {
  return `newsletter-${issue}-${run.slice(0, 8)}-${index}`;
}

/** The idempotency key of one message sent alone (a batch refused for good is retried address by address). */
export function singleKey(issue: string, email: string): string {
  return `newsletter-${issue}-to-${createHash('sha256').update(email).digest('hex').slice(0, 24)}`;
}

/** A hash of what subscribers would get: every language version's subject, preheader, audience and body. */
export function issueFingerprint(versions: readonly Issue[]): string {
  const parts = [...versions].sort((a, b) => a.locale.localeCompare(b.locale)).map((v) => [v.locale, v.data, v.body]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export type ApprovalState = 'approved' | 'not-approved' | 'changed';

/**
 * Whether an issue may be sent: approved, and for the text it has now (an edit after approval needs a new one).
 * @example approvalState({ fingerprint: issueFingerprint(versions) }, versions) → 'approved'
 */
export function approvalState(approval: { fingerprint: string } | undefined, versions: readonly Issue[]): ApprovalState {
  if (!approval) return 'not-approved';
  return approval.fingerprint === issueFingerprint(versions) ? 'approved' : 'changed';
}

/** Who approved, as recorded: the owner's dashboard session, or `npm run newsletter` and the user who ran it. */
export type Approver = { via: 'dashboard' } | { via: 'script'; user: string };

/** @example approverOf('script:ana') → { via: 'script', user: 'ana' } */
export function approverOf(recorded: string): Approver {
  return recorded.startsWith('script:') ? { via: 'script', user: recorded.slice('script:'.length) } : { via: 'dashboard' };
}

/** @example recordedApprover({ via: 'script', user: 'ana' }) → 'script:ana' */
export function recordedApprover(approver: Approver): string {
  return approver.via === 'script' ? `script:${approver.user}` : 'dashboard';
}
