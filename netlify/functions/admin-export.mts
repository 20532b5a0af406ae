import type { Config } from '@netlify/functions';
import { z } from 'zod';
import { adminEndpoint } from '../../src/admin/access.ts';
import { app } from '../../src/app.ts';
import { readCollection } from '../../src/catalog/read.ts';
import { surveySchema } from '../../src/catalog/survey.ts';
import { parseOr400 } from '../../src/http/respond.ts';
import { exportCsv, exportKinds } from '../../src/services/exports.ts';

/** GET /api/admin/export/{responses|complaints|subscribers|card-events}: a CSV download (owner only). */
export default adminEndpoint(['GET'], async (request) => {
  const kind = parseOr400(z.enum(exportKinds), new URL(request.url).pathname.split('/').filter(Boolean).at(-1), 'Unknown export');
  const current = app();
  const surveys = new Map(readCollection('surveys', surveySchema).map((entry) => [entry.id, entry.data]));
  const csv = await exportCsv(current, kind, surveys);
  const day = current.now().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="vuelve-${kind}-${day}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
});

export const config: Config = { path: '/api/admin/export/:kind' };
