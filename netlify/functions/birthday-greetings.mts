import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { scheduled } from '../../src/http/respond.ts';
import { birthdayReward, sendBirthdayGreetings } from '../../src/loyalty/birthday-greetings.ts';

/** Scheduled, daily: birthday greetings to registered card holders who gave a birthday (once a year each). */
export default scheduled(async (): Promise<Response> => {
  const report = await sendBirthdayGreetings(app(), { reward: birthdayReward() });
  console.info(`birthday greetings: ${report.sent} sent, ${report.skipped} skipped, ${report.failed} failed, ${report.pending} pending`);
  return Response.json(report);
});

// 08:00 UTC every day (09:00 or 10:00 in Madrid): a greeting in the morning.
export const config: Config = { schedule: '0 8 * * *' };
