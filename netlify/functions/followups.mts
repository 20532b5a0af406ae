import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { safeNext } from '../../src/sessions/access.ts';
import { app } from '../../src/app.ts';
import { readBody } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { endpoint, parseOr400, problem, seeOther } from '../../src/http/respond.ts';
import { followupChangeSchema, getFollowup, sendFollowupEmail, updateFollowup } from '../../src/services/followups.ts';
import { followupsView } from '../../src/services/followups-view.ts';
import { followupStatuses } from '../../src/services/responses.ts';
import { hasSession } from '../../src/sessions/sessions.ts';

const changeSchema = z.object({
  status: z.enum(followupStatuses).optional(),
  note: z.string().max(2000).optional(),
  /** true (or "yes" from a form button) sends the polite follow-up email to the customer. */
  sendEmail: z.union([z.boolean(), z.literal('yes')]).optional(),
  /** A form's next page: a dashboard path on this site, e.g. /admin/followups/ (anything else: /admin/). */
  next: z.string().max(500).optional(),
});

/**
 * The owner's complaint follow-up list (admin session required):
 * GET /api/followups[?status=open][&page=2] lists 20 a page (without a status: open then contacted, newest
 * first), with `page`, `pages`, `total`, `first` and the `counts` per status; GET /api/followups/{id} reads one;
 * POST or PATCH /api/followups/{id} with { status?, note?, sendEmail? } changes one.
 * A form post answers 303 to `next` (or /admin/); JSON gets the follow-up.
 */
export default endpoint(['GET', 'POST', 'PATCH'], async (request) => {
  const current = app();
  if (!(await hasSession(current, 'admin', request))) return problem(401, 'Sign in to the dashboard first');
  const url = new URL(request.url);
  const id = /^\/api\/followups\/([^/]+)\/?$/.exec(url.pathname)?.[1];

  if (request.method === 'GET') {
    if (!id) {
      const status = z.enum(followupStatuses).optional().safeParse(url.searchParams.get('status') ?? undefined);
      if (!status.success) throw new HttpError(400, 'status must be open, contacted or resolved');
      const page = parseOr400(z.coerce.number().int().min(1).default(1), url.searchParams.get('page') ?? undefined, 'page must be a whole number from 1');
      const view = await followupsView(current, { status: status.data, page });
      const { items, ...paging } = view.page;
      return Response.json({ followups: items.map((item) => item.followup), ...paging, counts: view.counts }, { headers: { 'cache-control': 'no-store' } });
    }
    const followup = await getFollowup(current, id);
    return followup ? Response.json({ followup }, { headers: { 'cache-control': 'no-store' } }) : problem(404, 'No such follow-up');
  }

  if (!id) throw new HttpError(405, 'Change one follow-up: /api/followups/{id}');
  const { kind, data } = await readBody(request);
  const body = parseOr400(changeSchema, data);
  const note = body.note?.trim() || undefined;
  if (!body.status && !note && !body.sendEmail) throw new HttpError(400, 'Nothing to change', { status: ['Give a status, a note or sendEmail'] });
  if (!(await getFollowup(current, id))) return problem(404, 'No such follow-up');

  let followup = body.status || note ? await updateFollowup(current, id, parseOr400(followupChangeSchema, { status: body.status, note })) : undefined;
  if (body.sendEmail) {
    const sent = await sendFollowupEmail(current, id);
    if (!sent.ok) {
      if (sent.reason === 'mail-failed') return problem(sent.retryable ? 503 : 502, `The email was not sent: ${sent.message}`);
      return problem(sent.reason === 'not-found' ? 404 : 409, sent.reason === 'no-email' ? 'The customer left no email address' : 'No such follow-up');
    }
    followup = sent.followup;
  }
  if (kind === 'form') return seeOther(safeNext(body.next));
  return Response.json({ followup }, { headers: { 'cache-control': 'no-store' } });
});

export const config: Config = { path: ['/api/followups', '/api/followups/:id'] };
