// `npm run newsletter -- --dry-run | --send [--issue yyyy-mm]`: the scheduled
// send, run by hand with the same service code. Without RESEND_API_KEY the
// emails go to DATA_DIR/outbox/.
import { parseArgs } from 'node:util';
import { app } from '../src/app.ts';
import { issueIdPattern } from '../src/domain/newsletter.ts';
import { sendNewsletter } from '../src/services/send-newsletter.ts';

const usage = 'Usage: npm run newsletter -- --dry-run | --send [--issue yyyy-mm]';
const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, send: { type: 'boolean' }, issue: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help || values['dry-run'] === values.send || (values.issue !== undefined && !issueIdPattern.test(values.issue))) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

const current = app();
console.info(`Mailer: ${current.mailer.kind}${current.mailer.kind === 'outbox' ? ` (${current.config.dataDir}/outbox)` : ''}; store: ${current.store.kind}`);
const report = await sendNewsletter(current, { trigger: 'script', issue: values.issue, dryRun: values['dry-run'] });
if (report.plan) {
  console.info(`Issue ${report.issue}: ${report.remaining} subscribers still to send, in ${report.plan.length} batches`);
  for (const [i, batch] of report.plan.entries()) console.info(`  batch ${i + 1}: ${batch.size} × ${batch.locale}`);
}
console.info(`Issue ${report.issue}: ${report.outcome}; sent ${report.sent}, failed ${report.failed}, calls ${report.calls}, left ${report.remaining}${report.message ? `\n${report.message}` : ''}`);
process.exit(['stopped', 'busy', 'no-issue'].includes(report.outcome) ? 1 : 0);
