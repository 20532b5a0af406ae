import type { Config } from '@netlify/functions';
import { adminEndpoint, adminLocale } from '../../src/sessions/access.ts';
import { app } from '../../src/app.ts';
import { readText } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { escapeHtml, simplePage } from '../../src/http/page.ts';
import { isLocale, type Locale } from '../../src/i18n/locales.ts';
import { t, tn } from '../../src/i18n/strings.ts';
import { importSubscribers, type ImportReport } from '../../src/services/import-subscribers.ts';

/** Room for a list of 10,000 customers. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * Owner only. POST /api/admin/newsletter/import: a CSV of existing customers,
 * as the dashboard's file upload (multipart, fields `file` and `lang`) or as a
 * `text/csv` body (`?lang=` for rows without a language). A form gets the report
 * page; an API client `{ counts, rows }`. A malformed file: 400 naming the line,
 * and nothing imported.
 */
export default adminEndpoint(['POST'], async (request) => {
  const type = request.headers.get('content-type') ?? '';
  const raw = await readText(request, MAX_UPLOAD_BYTES);
  let csv: string;
  let lang: string | null = new URL(request.url).searchParams.get('lang');
  const form = type.startsWith('multipart/form-data');
  if (form) {
    const data = await new Response(raw, { headers: { 'content-type': type } }).formData().catch(() => {
      throw new HttpError(400, 'Malformed form body');
    });
    const file = data.get('file');
    if (!file || typeof file === 'string') throw new HttpError(400, 'Choose a CSV file', { file: ['Choose a CSV file'] });
    csv = await file.text();
    lang = (data.get('lang') as string | null) ?? lang;
  } else if (type.startsWith('text/csv')) {
    csv = raw;
  } else {
    throw new HttpError(415, 'Send the file as multipart/form-data (field "file") or as text/csv');
  }
  const defaultLocale: Locale = isLocale(lang) ? lang : 'en';
  const result = await importSubscribers(app(), csv, { defaultLocale });
  if (!result.ok) throw new HttpError(400, result.error, { file: [result.error] });
  if (!form) return Response.json(result.report, { headers: { 'cache-control': 'no-store' } });
  return new Response(reportPage(adminLocale(request), result.report), { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
});

function reportPage(locale: Locale, report: ImportReport): string {
  const e = escapeHtml;
  const counts = Object.entries(report.counts).map(([outcome, count]) => `<li>${e(t(locale, `admin.import.outcome.${outcome}` as Parameters<typeof t>[1]))}: ${count}</li>`);
  const rows = report.rows.map((row) => `<tr><td>${row.line}</td><td>${e(row.email)}</td><td>${e(t(locale, `admin.import.outcome.${row.outcome}` as Parameters<typeof t>[1]))}</td></tr>`);
  return simplePage(
    locale,
    t(locale, 'admin.import.report'),
    `<h1>${e(t(locale, 'admin.import.report'))}</h1>
<p>${e(tn(locale, 'admin.import.rows', report.rows.length))}</p>
<ul id="import-counts">${counts.join('')}</ul>
<p><a class="button" href="/admin/newsletter/">${e(t(locale, 'admin.import.back'))}</a></p>
<table id="import-rows"><thead><tr><th>${e(t(locale, 'admin.import.line'))}</th><th>${e(t(locale, 'admin.import.email'))}</th><th>${e(t(locale, 'admin.import.outcome'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
}

export const config: Config = { path: '/api/admin/newsletter/import' };
