import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { scheduled } from '../../src/http/respond.ts';
import { retryWalletUpdates } from '../../src/wallet/wallet.ts';

/** Scheduled: wallet pushes and updates that failed are tried again (stamps retry them too). */
export default scheduled(async (): Promise<Response> => {
  const report = await retryWalletUpdates(app());
  if (report.sent + report.failed > 0) console.info(`wallet retry: ${report.sent} sent, ${report.failed} failed`);
  return Response.json(report);
});

export const config: Config = { schedule: '*/10 * * * *' };
