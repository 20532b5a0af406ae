import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { adminEndpoint } from '../../src/sessions/access.ts';
import { app } from '../../src/app.ts';
import { readCollection, readSite } from '../../src/catalog/read.ts';
import { surveySchema } from '../../src/catalog/survey.ts';
import { pathParams } from '../../src/http/path-params.ts';
import { parseOr400 } from '../../src/http/respond.ts';
import { localDay } from '../../src/domain/periods.ts';
import { exportCsv, exportKinds } from '../../src/dashboard/exports.ts';

const day = z.iso.date().optional();
/** Optional first and last day (inclusive, the shop's days); an empty form field means no limit. */
const rangeSchema = z
  .object({ from: day, to: day })
  .refine(({ from, to }) => !from || !to || from <= to, { message: 'from must not be after to', path: ['to'] });

/**
 * GET /api/admin/export/{responses|complaints|subscribers|card-events}[?from=2026-01-01&to=2026-06-30]:
 * a CSV download (owner only), streamed as it is read.
 */
export default adminEndpoint(['GET'], async (request) => {
  const url = new URL(request.url);
  const { kind } = parseOr400(z.object({ kind: z.enum(exportKinds) }), pathParams(request, config.path), 'Unknown export');
  const range = parseOr400(rangeSchema, { from: url.searchParams.get('from') || undefined, to: url.searchParams.get('to') || undefined }, 'Invalid dates');
  const current = app();
  const surveys = new Map(readCollection('surveys', surveySchema).map((entry) => [entry.id, entry.data]));
  const { timeZone } = readSite();
  const csv = exportCsv(current, kind, surveys, { ...range, tz: timeZone });
  const name = [kind, range.from, range.to ?? localDay(current.now(), timeZone)].filter(Boolean).join('-');
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="vuelve-${name}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
});

export const config: Config = { path: '/api/admin/export/:kind' };
