import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { surveyFixPage } from '../../src/components/survey-form.ts';
import { pseudonym } from '../../src/domain/signing.ts';
import { readBody } from '../../src/http/body.ts';
import { clientAddress } from '../../src/http/client-address.ts';
import { readCookies } from '../../src/http/cookies.ts';
import { HttpError } from '../../src/http/errors.ts';
import { endpoint, htmlPage, parseOr400, problem, seeOther } from '../../src/http/respond.ts';
import { t } from '../../src/i18n/strings.ts';
import { unflatten } from '../../src/surveys/answers.ts';
import { readStart, recordResponse, START_COOKIE, startCookie, submissionSchema } from '../../src/surveys/record-response.ts';

/**
 * POST /api/responses: one survey response, as a form (no script needed: 303 to
 * the thanks page) or as JSON from the page's island (201 { id, thanks }). A post
 * with a `key` already stored answers as the first did, storing nothing.
 */
export default endpoint(['POST'], async (request, context) => {
  const { kind, data } = await readBody(request);
  const fields = kind === 'form' ? unflatten(data as Record<string, unknown>) : data;
  const submission = parseOr400(submissionSchema, withCodeFromReferer(fields, request));
  const catalog = readSurveyCatalog(submission.survey);
  if (!catalog) throw new HttpError(404, t(submission.locale, 'survey.error.notFound'));
  const current = app();
  const start = readStart(current, readCookies(request)[START_COOKIE]);
  // The island sends its own key; a form without script is keyed by its page view (a double submit is stored once).
  const key = submission.key ?? (kind === 'form' ? start?.key : undefined);
  const result = await recordResponse(current, catalog, { ...submission, key }, {
    client: pseudonym(current.secret('SESSION_SECRET'), clientAddress(request, context)),
    started: start?.at,
  });
  const { locale } = submission;

  if (result.ok) {
    const thanks = `/${locale}/survey/${catalog.id}/thanks/?r=${result.response.id}`;
    if (kind === 'form') return seeOther(thanks);
    return Response.json({ id: result.response.id, complaint: result.response.complaint, thanks }, { status: 201, headers: { 'cache-control': 'no-store' } });
  }
  if (result.reason === 'rate-limited') {
    const response = kind === 'form' ? htmlPage(429, surveyPage(t(locale, 'survey.error.rateLimited'))) : problem(429, 'Too many responses from this address; try again later');
    response.headers.set('retry-after', String(result.retryAfter));
    return response;
  }
  if (kind === 'json') {
    const response = result.reason === 'invalid' ? problem(400, 'Invalid answers', result.fields) : problem(400, result.reason);
    // A send faster than a person can fill the form gets a fresh start time: the island tries again after a moment.
    if (result.reason === 'too-fast') response.headers.append('set-cookie', startCookie(current));
    return response;
  }
  const notice = result.reason === 'invalid' ? undefined : t(locale, result.reason === 'bot' ? 'survey.error.bot' : 'survey.error.tooFast');
  const response = htmlPage(400, surveyPage(notice, result.reason === 'invalid' ? result.fields : undefined));
  if (result.reason === 'too-fast') response.headers.append('set-cookie', startCookie(current));
  return response;

  function surveyPage(notice: string | undefined, errors?: Record<string, string[]>): string {
    return surveyFixPage({
      id: catalog!.id, survey: catalog!.survey, locale, notice, errors,
      values: submission.answers, at: submission.at, product: submission.product,
    });
  }
});

/**
 * Without script the static form cannot copy `?at=counter&product=…` from the
 * page's address, but the browser sends that address as the Referer of the post.
 */
function withCodeFromReferer(fields: unknown, request: Request): unknown {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return fields;
  const record = fields as Record<string, unknown>;
  const referer = URL.parse(request.headers.get('referer') ?? '');
  if (!referer || referer.origin !== new URL(request.url).origin) return fields;
  const from = (name: string) => (typeof record[name] === 'string' && record[name] !== '' ? record[name] : referer.searchParams.get(name));
  return { ...record, at: from('at'), product: from('product') };
}

export const config: Config = { path: '/api/responses' };
