// `npm run demo`: a loyalty card with a reward ready to redeem, in the local data folder, so that a newcomer
// sees the whole card flow at once instead of waiting days for the stamp limits (two a day here).
// The stamps are dated over the past days, through the real stamping service and its limits.
import { app, type App } from '../src/app.ts';
import { readProgramme } from '../src/catalog/loyalty.ts';
import { followDevServer } from '../src/http/dev-server.ts';
import { issueBatch } from '../src/services/issue-batch.ts';
import { stampCard } from '../src/services/stamp-card.ts';

// The card's address is where `npm start` really listens (4322 when 4321 was taken), unless SITE_URL says otherwise.
followDevServer();
const current = app();
if (current.config.production) throw new Error('npm run demo fills a local data folder; it never runs on Netlify');
const programme = readProgramme();
const { codes } = await issueBatch(current, 1);
const code = codes[0]!;
const start = current.now().getTime() - (programme.stampsPerReward + 1) * 86_400_000;
for (let n = 0; n < programme.stampsPerReward; n++) {
  const then: App = { ...current, now: () => new Date(start + n * 86_400_000) };
  const result = await stampCard(then, programme, { code, key: `demo-${code}-${n}` });
  if (!result.ok) throw new Error(`The demo stamp ${n + 1} was refused: ${result.reason}`);
}
console.log(`A demo card with ${programme.stampsPerReward} stamps and a reward ready:
  ${current.config.siteUrl}/c/${code}
Open it as a customer; sign in at ${current.config.siteUrl}/staff/ with STAFF_PIN (123456 unless you set one) to redeem the reward or add stamps.`);
