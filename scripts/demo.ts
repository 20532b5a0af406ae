// `npm run demo`: a loyalty card with a reward ready to redeem, in the local database (npm start's), so that a
// newcomer sees the whole card flow at once instead of waiting days for the stamp limits (two a day here).
// The stamps are dated over the past days, through the real stamping and its limits (src/loyalty/demo-card.ts).
import { app } from '../src/app.ts';
import { readProgramme } from '../src/catalog/loyalty.ts';
import { followDevServer } from '../src/http/dev-server.ts';
import { demoCard } from '../src/loyalty/demo-card.ts';
import { useLocalDatabase } from './support/local-db.ts';

// The card's address is where `npm start` really listens (4322 when 4321 was taken), unless SITE_URL says otherwise.
followDevServer();
const stop = await useLocalDatabase();
const current = app();
if (current.config.production) throw new Error('npm run demo fills the local database; it never runs on Netlify');
const programme = readProgramme();
try {
  const code = await demoCard(current, programme);
  console.log(`A demo card with ${programme.stampsPerReward} stamps and a reward ready:
  ${current.config.siteUrl}/c/${code}
Open it as a customer; sign in at ${current.config.siteUrl}/staff/ with STAFF_PIN (123456 unless you set one) to redeem the reward or add stamps.`);
} finally {
  await current.db.close();
  await stop();
}
