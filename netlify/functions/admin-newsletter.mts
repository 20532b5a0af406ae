import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { adminEndpoint } from '../../src/sessions/access.ts';
import { app } from '../../src/app.ts';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { issueIdPattern } from '../../src/domain/newsletter.ts';
import { readBody } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { parseOr400, seeOther } from '../../src/http/respond.ts';
import { approveIssue, withdrawApproval } from '../../src/services/newsletter-approval.ts';
import { sendLogDoc } from '../../src/services/newsletter-store.ts';
import { sendTestIssue } from '../../src/services/test-send.ts';

const issue = z.string().regex(issueIdPattern, 'An issue is yyyy-mm');
const Body = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), issue }),
  z.object({ action: z.literal('withdraw'), issue }),
  z.object({ action: z.literal('test'), issue, to: z.string().trim().min(3).max(254) }),
]);

/**
 * Owner only. POST /api/admin/newsletter with `{ action: approve | withdraw, issue }`
 * approves an issue as it is now (or withdraws the approval); `{ action: test, issue, to }`
 * sends every language version to one address, marked as a test. A form gets 303
 * back to the dashboard; JSON gets `{ ok, … }`.
 */
export default adminEndpoint(['POST'], async (request) => {
  const current = app();
  const { kind, data } = await readBody(request);
  const body = parseOr400(Body, data);
  const versions = readIssues().filter((i) => i.id === body.issue);
  if (versions.length === 0) throw new HttpError(404, `There is no issue ${body.issue}`, { issue: [`content/newsletters/${body.issue}/ does not exist`] });

  let done: string;
  let answer: Record<string, unknown>;
  if (body.action === 'approve') {
    if ((await current.store.read(sendLogDoc(body.issue))).finishedAt) throw new HttpError(409, `Issue ${body.issue} was sent already`);
    answer = { approval: await approveIssue(current, versions, 'dashboard') };
    done = 'approved';
  } else if (body.action === 'withdraw') {
    const result = await withdrawApproval(current, body.issue, 'dashboard');
    if (!result.ok) throw new HttpError(409, `Issue ${body.issue} was sent already`);
    answer = {};
    done = 'withdrawn';
  } else {
    const result = await sendTestIssue(current, versions, body.to);
    if (!result.ok && result.reason === 'invalid-email') throw new HttpError(400, 'That is not an email address', { to: ['Not an email address'] });
    if (!result.ok) throw new HttpError(502, `The test was not sent: ${result.message}`);
    answer = { to: result.to, sent: result.sent };
    done = 'tested';
  }
  if (kind === 'form') return seeOther(`/admin/newsletter/?${new URLSearchParams({ issue: body.issue, done })}`);
  return Response.json({ ok: true, ...answer }, { headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: '/api/admin/newsletter' };
