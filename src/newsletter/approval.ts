import type { App } from '../app.ts';
import type { Issue } from '../catalog/newsletter.ts';
import { approve, withdraw } from './queries.ts';
import { issueFingerprint, recordedApprover, type Approver } from './rules.ts';

/**
 * Records the owner's approval of an issue as it is now (a fingerprint of every language version: an edit
 * needs a new one). An issue sent already can be neither approved nor withdrawn.
 * @example await approveIssue(app, versions, { via: 'dashboard' })
 */
export async function approveIssue(app: App, versions: readonly Issue[], by: Approver): Promise<{ ok: true; at: Date } | { ok: false; reason: 'sent' }> {
  const issue = versions[0]?.id;
  if (!issue) throw new Error('No such issue');
  const [approval] = await approve(app.db, { issue, by: recordedApprover(by), fingerprint: issueFingerprint(versions), at: app.now() });
  return approval ? { ok: true, at: approval.approved_at } : { ok: false, reason: 'sent' };
}

/**
 * Withdraws an approval: a send not started will not start; one under way stops before its next batch.
 * @example await withdrawApproval(app, '2026-11', { via: 'dashboard' })
 */
export async function withdrawApproval(app: App, issue: string, by: Approver): Promise<{ ok: true } | { ok: false; reason: 'sent' }> {
  return (await withdraw(app.db, { issue, by: recordedApprover(by), at: app.now() })) ? { ok: true } : { ok: false, reason: 'sent' };
}
