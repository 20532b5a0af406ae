// `npm run newsletter -- --dry-run | --send [--approve] | --approve [--issue yyyy-mm]`:
// the scheduled send, run by hand with the same code. Nothing is sent without the owner's approval: give
// --approve to approve the issue as it is now (recorded as approved with this script, by this user).
// Without RESEND_API_KEY the emails go to DATA_DIR/outbox/. It uses npm start's database (running or not).
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { app } from '../src/app.ts';
import { readIssues } from '../src/catalog/newsletter.ts';
import { readSite } from '../src/catalog/read.ts';
import { approveIssue } from '../src/newsletter/approval.ts';
import { issueIdPattern } from '../src/newsletter/issue-id.ts';
import { monthIn } from '../src/domain/periods.ts';
import { sendNewsletter } from '../src/newsletter/send.ts';
import { useLocalDatabase } from './support/local-db.ts';

const usage = 'Usage: npm run newsletter -- --dry-run | --send [--approve] | --approve [--issue yyyy-mm]';
const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, send: { type: 'boolean' }, approve: { type: 'boolean' }, issue: { type: 'string' }, help: { type: 'boolean' } } });
const actions = [values['dry-run'], values.send, values.approve && !values.send].filter(Boolean).length;
if (values.help || actions !== 1 || (values['dry-run'] && values.approve) || (values.issue !== undefined && !issueIdPattern.test(values.issue))) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

const stopDatabase = await useLocalDatabase();
const current = app();
console.info(`Mailer: ${current.mailer.kind}${current.mailer.kind === 'outbox' ? ` (${current.config.dataDir}/outbox)` : ''}`);
let exitCode = 0;
try {
  exitCode = await run();
} finally {
  await current.db.close();
  await stopDatabase();
}
process.exit(exitCode);

async function run(): Promise<number> {
  if (values.approve) {
    const issue = values.issue ?? monthIn(current.now(), readSite().timeZone);
    const versions = readIssues().filter((i) => i.id === issue);
    if (versions.length === 0) {
      console.error(`There is no issue ${issue} (write it in the content editor, /admin/content/) to approve`);
      return 1;
    }
    const approval = await approveIssue(current, versions, { via: 'script', user: userInfo().username });
    if (!approval.ok) {
      console.error(`Issue ${issue} was sent already`);
      return 1;
    }
    console.info(`Issue ${issue} approved at ${approval.at.toISOString()}`);
    if (!values.send) return 0;
  }
  const report = await sendNewsletter(current, { trigger: 'script', issue: values.issue, dryRun: values['dry-run'] });
  if (report.plan) console.info(`Issue ${report.issue}: ${report.remaining} subscribers still to send (${Object.entries(report.plan).map(([locale, n]) => `${n} × ${locale}`).join(', ')})`);
  console.info(`Issue ${report.issue}: ${report.outcome}; sent ${report.sent}, failed ${report.failed}, calls ${report.calls}, left ${report.remaining}${report.message ? `\n${report.message}` : ''}`);
  return ['stopped', 'busy', 'no-issue', 'not-approved'].includes(report.outcome) ? 1 : 0;
}
