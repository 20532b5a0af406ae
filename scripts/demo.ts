// `npm run demo`: a demo shop in the local database (npm start's), so that a newcomer sees the dashboard full
// of life at once: two months of survey answers with complaints and their follow-up, loyalty cards with stamps,
// subscribers and an approved newsletter issue (scripts/demo/shop.ts), plus a card with a reward ready to
// redeem (src/loyalty/demo-card.ts). All of it goes through the features' own code, dated over the past weeks.
import { app } from '../src/app.ts';
import { readProgramme } from '../src/catalog/loyalty.ts';
import { followDevServer } from '../src/http/dev-server.ts';
import { demoCard } from '../src/loyalty/demo-card.ts';
import { responseByKey } from '../src/surveys/queries.ts';
import { demoShop, FIRST_KEY } from './demo/shop.ts';
import { useLocalDatabase } from './support/local-db.ts';

// The card's address is where `npm start` really listens (4322 when 4321 was taken), unless SITE_URL says otherwise.
followDevServer();
const stop = await useLocalDatabase();
const current = app();
if (current.config.production) throw new Error('npm run demo fills the local database; it never runs on Netlify');
const programme = readProgramme();
try {
  if (await responseByKey(current.db, FIRST_KEY)) {
    console.log('The demo shop is already there; adding another card with a reward ready.');
  } else {
    const shop = await demoShop(current, programme);
    console.log(`The demo shop: ${shop.responses} survey answers (${shop.complaints} complaints), ${shop.stamps} stamps on ${shop.cards} cards, ${shop.subscribers} subscribers, the ${shop.issue} newsletter approved.`);
  }
  const code = await demoCard(current, programme);
  console.log(`A demo card with ${programme.stampsPerReward} stamps and a reward ready:
  ${current.config.siteUrl}/c/${code}
Open it as a customer; sign in at ${current.config.siteUrl}/staff/ with STAFF_PIN (123456 unless you set one) to redeem the reward or add stamps.
The owner's dashboard: ${current.config.siteUrl}/admin/ (ADMIN_PASSWORD, admin unless you set one).`);
} finally {
  await current.db.close();
  await stop();
}
