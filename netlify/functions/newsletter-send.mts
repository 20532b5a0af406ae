import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { scheduled } from '../../src/http/respond.ts';
import { sendNewsletter } from '../../src/newsletter/send.ts';

/**
 * Scheduled: sends this month's approved issue (src/newsletter/send.ts). It reads no request body (`astro dev`
 * sends none). A scheduled function may run 30 s, so a run stops after 20 s and the next carries on.
 */
export default scheduled(async (): Promise<Response> => {
  const report = await sendNewsletter(app(), { trigger: 'schedule', budgetMs: 20_000 });
  console.info(`newsletter ${report.issue}: ${report.outcome}, ${report.sent} sent, ${report.failed} failed, ${report.remaining} left${report.message ? ` (${report.message})` : ''}`);
  return Response.json(report);
});

// Every 20 minutes, 08:00–19:40 UTC, on the 1st to the 7th of each month: the first run sends the month's
// issue; the others finish an interrupted send or send an issue added late. Netlify reads it here, so it is
// written out; SEND_SCHEDULE (src/newsletter/rules.ts) is the same, and a test keeps them equal.
export const config: Config = { schedule: '*/20 8-19 1-7 * *' };
