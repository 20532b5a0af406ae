import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { adminLocale, safeNext } from '../../src/admin/access.ts';
import { app } from '../../src/app.ts';
import { readSite } from '../../src/catalog/read.ts';
import { readBody } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { endpoint, htmlPage, parseOr400, problem, seeOther } from '../../src/http/respond.ts';
import { hasSession } from '../../src/services/sessions.ts';
import { unflatten } from '../../src/surveys/answers.ts';
import { letterSchema, sendFollowupEmail } from '../../src/surveys/followup-email.ts';
import { changeFollowup, followupChangeSchema, followupsView, readFollowupContent } from '../../src/surveys/followups.ts';
import { notSentPage } from '../../src/surveys/not-sent-page.ts';
import { findComplaint, followupStatuses, type Complaint } from '../../src/surveys/queries.ts';

const changeSchema = z.object({
  status: z.enum(followupStatuses).optional(),
  note: z.string().max(2000).optional(),
  /** The follow-up email as the owner edited it (form fields `email.subject`, `email.text`): sent to the customer. */
  email: z.object({ subject: z.string().max(1000).optional(), text: z.string().max(20_000).optional() }).optional(),
  /** A form's next page: a dashboard path on this site, e.g. /admin/followups/ (anything else: /admin/). */
  next: z.string().max(500).optional(),
});

const noStore = { headers: { 'cache-control': 'no-store' } };
/** A complaint as the API answers it: the follow-up with its response inside. */
const asJson = ({ followup, response }: Complaint) => ({ ...followup, response });

/**
 * The owner's complaint follow-up list (admin session required):
 * GET /api/followups[?status=open][&page=2] lists 20 a page (without a status: open then contacted, newest
 * first), with `page`, `pages`, `total`, `first` and the `counts` per status; GET /api/followups/{id} reads one;
 * POST or PATCH /api/followups/{id} with { status?, note?, email?: { subject, text } } changes one, and with
 * `email` sends the owner's follow-up email to the customer (once: a second send answers 409, or, from a form,
 * the list). A form post answers 303 to `next` (or /admin/), or a page saying why the email did not go.
 */
export default endpoint(['GET', 'POST', 'PATCH'], async (request) => {
  const current = app();
  if (!hasSession(current, 'admin', request)) return problem(401, 'Sign in to the dashboard first');
  const url = new URL(request.url);
  const id = /^\/api\/followups\/([^/]+)\/?$/.exec(url.pathname)?.[1];

  if (request.method === 'GET') {
    if (!id) {
      const status = z.enum(followupStatuses).optional().safeParse(url.searchParams.get('status') ?? undefined);
      if (!status.success) throw new HttpError(400, 'status must be open, contacted or resolved');
      const page = parseOr400(z.coerce.number().int().min(1).default(1), url.searchParams.get('page') ?? undefined, 'page must be a whole number from 1');
      const view = await followupsView(current, readFollowupContent(), { status: status.data, page });
      const { items, ...paging } = view.page;
      return Response.json({ followups: items.map(asJson), ...paging, counts: view.figures.now }, noStore);
    }
    const complaint = await findComplaint(current.db, id);
    return complaint ? Response.json({ followup: asJson(complaint) }, noStore) : problem(404, 'No such follow-up');
  }

  if (!id) throw new HttpError(405, 'Change one follow-up: /api/followups/{id}');
  const { kind, data } = await readBody(request);
  const body = parseOr400(changeSchema, kind === 'form' ? unflatten(data as Record<string, unknown>) : data);
  const note = body.note?.trim() || undefined;
  if (!body.status && !note && !body.email) throw new HttpError(400, 'Nothing to change', { status: ['Give a status, a note or an email'] });
  const next = safeNext(body.next);

  if (body.status || note) {
    if (!(await changeFollowup(current, id, parseOr400(followupChangeSchema, { status: body.status, note })))) return problem(404, 'No such follow-up');
  }
  if (body.email) {
    const letter = letterSchema.safeParse(body.email);
    const sent = letter.success ? await sendFollowupEmail(current, id, letter.data, readSite()) : ({ ok: false, reason: 'invalid' } as const);
    if (!sent.ok) {
      // Sent by an earlier request (a double click): a form goes back to the list, which shows it as sent.
      if (sent.reason === 'already-sent') {
        if (kind !== 'form') return problem(409, 'The follow-up email was sent already');
      } else {
        const status = sent.reason === 'mail-failed' ? (sent.retryable ? 503 : 502) : { invalid: 400, 'not-found': 404, 'no-email': 409 }[sent.reason];
        if (kind === 'form') return htmlPage(status, notSentPage(adminLocale(request), sent, body.email, next));
        return problem(status, `The email was not sent: ${sent.reason === 'mail-failed' ? sent.message : sent.reason}`);
      }
    }
  }
  if (kind === 'form') return seeOther(next);
  const complaint = await findComplaint(current.db, id);
  return complaint ? Response.json({ followup: asJson(complaint) }, noStore) : problem(404, 'No such follow-up');
});

export const config: Config = { path: ['/api/followups', '/api/followups/:id'] };
