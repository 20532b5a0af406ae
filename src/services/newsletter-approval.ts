import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../app.ts';
import type { Issue } from '../catalog/newsletter.ts';
import { defineDoc, type Doc } from '../store/store.ts';
import { sendLogDoc } from './newsletter-store.ts';

/**
 * The owner's go-ahead for an issue: nothing is sent without it. An approval is
 * for the exact text the owner saw (a fingerprint of every language version), so
 * an issue edited after approval waits for a new one. Withdrawing it stops the
 * send before its next batch.
 *
 *   newsletter/approvals/{yyyy-mm}   { issue, approval, history }
 */

const iso = z.iso.datetime();
const approvalSchema = z.object({
  /** Who approved: `dashboard` (the owner's session) or `script (user)`. */
  by: z.string().max(100),
  at: iso,
  fingerprint: z.string(),
});
export type Approval = z.infer<typeof approvalSchema>;

const approvalLogSchema = z.object({
  issue: z.string(),
  approval: approvalSchema.nullable(),
  history: z.array(z.object({ action: z.enum(['approved', 'withdrawn']), by: z.string(), at: iso })),
});
export type ApprovalLog = z.infer<typeof approvalLogSchema>;

export function approvalDoc(issue: string): Doc<ApprovalLog> {
  return defineDoc(`newsletter/approvals/${issue}`, approvalLogSchema, () => ({ issue, approval: null, history: [] }));
}

/** A hash of what subscribers would get: every language version's subject, preheader, audience and body. */
export function issueFingerprint(versions: readonly Issue[]): string {
  const parts = [...versions].sort((a, b) => a.locale.localeCompare(b.locale)).map((v) => [v.locale, v.data, v.body]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}

export type ApprovalState = 'approved' | 'not-approved' | 'changed';

/** Whether an issue may be sent: approved, and for the text it has now. */
export function approvalState(log: ApprovalLog, versions: readonly Issue[]): ApprovalState {
  if (!log.approval) return 'not-approved';
  return log.approval.fingerprint === issueFingerprint(versions) ? 'approved' : 'changed';
}

/**
 * Records the owner's approval of an issue as it is now.
 * @example await approveIssue(app, versions, 'dashboard')
 */
export async function approveIssue(app: App, versions: readonly Issue[], by: string): Promise<Approval> {
  const issue = versions[0]?.id;
  if (!issue) throw new Error('No such issue');
  const approval: Approval = { by, at: app.now().toISOString(), fingerprint: issueFingerprint(versions) };
  await app.store.update(approvalDoc(issue), (draft) => {
    draft.approval = approval;
    draft.history.push({ action: 'approved', by, at: approval.at });
  });
  return approval;
}

export type WithdrawResult = { ok: true } | { ok: false; reason: 'finished' };

/** Withdraws an approval: a send not started will not start; one under way stops before its next batch. */
export async function withdrawApproval(app: App, issue: string, by: string): Promise<WithdrawResult> {
  if ((await app.store.read(sendLogDoc(issue))).finishedAt) return { ok: false, reason: 'finished' };
  await app.store.update(approvalDoc(issue), (draft) => {
    if (!draft.approval) return;
    draft.approval = null;
    draft.history.push({ action: 'withdrawn', by, at: app.now().toISOString() });
  });
  return { ok: true };
}
