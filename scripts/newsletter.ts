// `npm run newsletter -- --dry-run | --send [--approve] | --approve [--issue yyyy-mm]`:
// the scheduled send, run by hand with the same service code. Nothing is sent
// without the owner's approval: give --approve to approve the issue as it is now
// (recorded as approved by this script and user). Without RESEND_API_KEY the
// emails go to DATA_DIR/outbox/.
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { app } from '../src/app.ts';
import { readIssues } from '../src/catalog/newsletter.ts';
import { issueIdPattern } from '../src/domain/newsletter.ts';
import { approveIssue } from '../src/services/newsletter-approval.ts';
import { sendNewsletter } from '../src/services/send-newsletter.ts';
import { monthOf } from '../src/domain/periods.ts';

const usage = 'Usage: npm run newsletter -- --dry-run | --send [--approve] | --approve [--issue yyyy-mm]';
const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, send: { type: 'boolean' }, approve: { type: 'boolean' }, issue: { type: 'string' }, help: { type: 'boolean' } } });
const actions = [values['dry-run'], values.send, values.approve && !values.send].filter(Boolean).length;
if (values.help || actions !== 1 || (values['dry-run'] && values.approve) || (values.issue !== undefined && !issueIdPattern.test(values.issue))) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

const current = app();
console.info(`Mailer: ${current.mailer.kind}${current.mailer.kind === 'outbox' ? ` (${current.config.dataDir}/outbox)` : ''}; store: ${current.store.kind}`);
if (values.approve) {
  const issue = values.issue ?? monthOf(current.now());
  const versions = readIssues().filter((i) => i.id === issue);
  if (versions.length === 0) {
    console.error(`There is no issue ${issue} (content/newsletters/${issue}/) to approve`);
    process.exit(1);
  }
  const approval = await approveIssue(current, versions, `script (${userInfo().username})`);
  console.info(`Issue ${issue} approved by ${approval.by} at ${approval.at}`);
  if (!values.send) process.exit(0);
}
const report = await sendNewsletter(current, { trigger: 'script', issue: values.issue, dryRun: values['dry-run'] });
if (report.plan) {
  console.info(`Issue ${report.issue}: ${report.remaining} subscribers still to send, in ${report.plan.length} batches`);
  for (const [i, batch] of report.plan.entries()) console.info(`  batch ${i + 1}: ${batch.size} × ${batch.locale}`);
}
console.info(`Issue ${report.issue}: ${report.outcome}; sent ${report.sent}, failed ${report.failed}, calls ${report.calls}, left ${report.remaining}${report.message ? `\n${report.message}` : ''}`);
process.exit(['stopped', 'busy', 'no-issue', 'not-approved'].includes(report.outcome) ? 1 : 0);
