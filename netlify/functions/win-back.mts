import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { scheduled } from '../../src/http/respond.ts';
import { readProgramme } from '../../src/catalog/loyalty.ts';
import { sendWinBack } from '../../src/newsletter/win-back.ts';

/**
 * Scheduled, daily: the win-back emails due (content/loyalty/programme.yaml `winBack`). It reads no request body
 * (`astro dev` sends none). A run stops starting emails after 20 s; the next day sends the rest.
 */
export default scheduled(async (): Promise<Response> => {
  const winBack = readProgramme().winBack;
  if (!winBack) return Response.json({ disabled: true });
  const report = await sendWinBack(app(), { afterDays: winBack.afterDays, offer: winBack.offer, budgetMs: 20_000 });
  console.info(`win-back: ${report.sent} sent, ${report.skipped} already sent for this lapse, ${report.failed} failed, ${report.pending} left for the next run`);
  return Response.json(report);
});

// Daily at 10:00 UTC, after the birthday greetings.
export const config: Config = { schedule: '0 10 * * *' };
