import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { adminEndpoint } from '../../src/sessions/access.ts';
import { app } from '../../src/app.ts';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { readBody } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { parseOr400, seeOther } from '../../src/http/respond.ts';
import { approveIssue, withdrawApproval } from '../../src/newsletter/approval.ts';
import { issueIdPattern } from '../../src/newsletter/issue-id.ts';
import { sendNewsletter } from '../../src/newsletter/send.ts';
import { sendTestIssue } from '../../src/newsletter/test-send.ts';

const issue = z.string().regex(issueIdPattern, 'An issue is yyyy-mm');
const Body = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), issue }),
  z.object({ action: z.literal('withdraw'), issue }),
  z.object({ action: z.literal('send'), issue }),
  z.object({ action: z.literal('test'), issue, to: z.string().trim().min(3).max(254) }),
]);

/** A "Send now" stops starting batches after this long; pressing it again carries on (the function may run 60 s). */
const SEND_BUDGET_MS = 20_000;

/**
 * Owner only: approve or withdraw an issue, send an approved one now (the schedule takes only this month's), or
 * send a test of it to one address. A form gets 303 back to the dashboard, which says what happened; JSON `{ ok, … }`.
 */
export default adminEndpoint(['POST'], async (request) => {
  const current = app();
  const { kind, data } = await readBody(request);
  const body = parseOr400(Body, data);
  const versions = readIssues().filter((i) => i.id === body.issue);
  if (versions.length === 0) throw new HttpError(404, `There is no issue ${body.issue}`, { issue: [`content/newsletters/${body.issue}/ does not exist`] });
  const sentAlready = () => new HttpError(409, `Issue ${body.issue} was sent already`);

  let done: string;
  let answer: Record<string, unknown>;
  if (body.action === 'approve') {
    const result = await approveIssue(current, versions, { via: 'dashboard' });
    if (!result.ok) throw sentAlready();
    [done, answer] = ['approved', { approvedAt: result.at }];
  } else if (body.action === 'withdraw') {
    if (!(await withdrawApproval(current, body.issue, { via: 'dashboard' })).ok) throw sentAlready();
    [done, answer] = ['withdrawn', {}];
  } else if (body.action === 'send') {
    const report = await sendNewsletter(current, { trigger: 'dashboard', issue: body.issue, budgetMs: SEND_BUDGET_MS });
    [done, answer] = ['sent-now', { report }];
  } else {
    const result = await sendTestIssue(current, versions, body.to);
    if (!result.ok && result.reason === 'invalid-email') throw new HttpError(400, 'That is not an email address', { to: ['Not an email address'] });
    if (!result.ok) throw new HttpError(502, `The test was not sent: ${result.message}`);
    [done, answer] = ['tested', { to: result.to, sent: result.sent }];
  }
  if (kind === 'form') return seeOther(`/admin/newsletter/?${new URLSearchParams({ issue: body.issue, done })}`);
  return Response.json({ ok: true, ...answer }, { headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/admin/newsletter' };
