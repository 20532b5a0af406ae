import type { Config } from '@netlify/functions';
import { adminEndpoint, adminLocale } from '../../src/sessions/access.ts';
import { app } from '../../src/app.ts';
import { readText } from '../../src/http/body.ts';
import { HttpError } from '../../src/http/errors.ts';
import { isLocale, type Locale } from '../../src/i18n/locales.ts';
import { importSubscribers } from '../../src/newsletter/import-subscribers.ts';
import { importReportPage } from '../../src/newsletter/pages.ts';

/** Room for a list of 10,000 customers. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/**
 * Owner only: a CSV of existing customers, as the dashboard's upload (fields `file` and `lang`) or a `text/csv` body
 * (`?lang=`). A form gets the report page, an API client `{ counts, rows }`; a malformed file 400 and nothing imported.
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
  return importReportPage(adminLocale(request), result.report);
});

export const config: Config = { path: '/api/admin/newsletter/import' };
