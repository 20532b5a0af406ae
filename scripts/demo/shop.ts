// The demo shop `npm run demo` fills: two months of a small café's life, written through the features' own
// use cases with the clock moved back (so every rule, limit and figure applies as it would have), and
// keyed so that a second run adds nothing twice.
import type { App } from '../../src/app.ts';
import type { Loyalty } from '../../src/catalog/loyalty.ts';
import { readIssues } from '../../src/catalog/newsletter.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { issueBatch } from '../../src/loyalty/batches.ts';
import { registerCard } from '../../src/loyalty/register-card.ts';
import { redeemReward, stampCard } from '../../src/loyalty/stamp-and-redeem.ts';
import { approveIssue } from '../../src/newsletter/approval.ts';
import { confirmSubscription } from '../../src/newsletter/confirm.ts';
import { importSubscribers } from '../../src/newsletter/import-subscribers.ts';
import { confirmUrl } from '../../src/newsletter/links.ts';
import { subscribe } from '../../src/newsletter/subscribe.ts';
import { unsubscribe } from '../../src/newsletter/unsubscribe.ts';
import { changeFollowup } from '../../src/surveys/followups.ts';
import { recordResponse } from '../../src/surveys/record-response.ts';

const DAY = 86_400_000;

/** A small deterministic generator (mulberry32): the same demo shop on every machine. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const people = [
  ['Lucía Martín', 'es'], ['Tom Baker', 'en'], ['Carmen Ortega', 'es'], ['Priya Shah', 'en'], ['Javier Ruiz', 'es'],
  ['Emma Wilson', 'en'], ['Sofía Navarro', 'es'], ['Daniel Moreno', 'es'], ['Grace Kim', 'en'], ['Pablo Serrano', 'es'],
  ['Olivia Brown', 'en'], ['Marta Gil', 'es'],
] as const;
const emailOf = (name: string) => `${name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, '.')}@demo.example`;

const complaints = {
  en: ['The flat white was lukewarm and I waited 15 minutes.', 'The table by the window was sticky.', 'I was charged twice for the same pastry.', 'The music was far too loud to talk.'],
  es: ['El café con leche llegó tibio y esperé un cuarto de hora.', 'La mesa junto a la ventana estaba pegajosa.', 'Me cobraron dos veces el mismo cruasán.', 'La música estaba demasiado alta para hablar.'],
};
const notes = ['Called and apologised; offered a coffee on the house.', 'Spoke to the morning team about it.', 'Refunded the double charge.'];

export interface DemoShop {
  responses: number;
  complaints: number;
  cards: number;
  stamps: number;
  subscribers: number;
  /** The newsletter issue approved, e.g. 2026-11. */
  issue: string | undefined;
}

/** The key of the demo's first answer: present, the demo shop was filled before. */
export const FIRST_KEY = 'demo-response-60-0';

/**
 * Fills the database with two months of a shop's records, ending at `app.now()`.
 * @example const shop = await demoShop(app, readProgramme())
 */
export async function demoShop(app: App, programme: Loyalty): Promise<DemoShop> {
  const catalog = readSurveyCatalog('feedback');
  if (!catalog) throw new Error('The demo needs the survey content/surveys/feedback.yaml');
  const next = random(20261206);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const end = app.now().getTime();
  const at = (ms: number): App => ({ ...app, now: () => new Date(ms) });
  const shop: DemoShop = { responses: 0, complaints: 0, cards: 0, stamps: 0, subscribers: 0, issue: undefined };

  // Survey answers: two to five a day over 60 days, a few of them complaints.
  const complaintIds: { id: string; when: number }[] = [];
  for (let day = 60; day >= 1; day--) {
    const answers = 2 + Math.floor(next() * 4);
    for (let n = 0; n < answers; n++) {
      const when = end - day * DAY + (9 + next() * 10) * 3_600_000;
      const locale = next() < 0.55 ? 'es' : 'en';
      const unhappy = next() < 0.12;
      const nps = unhappy ? Math.floor(next() * 6) : 7 + Math.floor(next() * 4);
      const overall = unhappy ? 1 + Math.floor(next() * 2) : 4 + Math.round(next());
      const person = pick(people);
      const answered: Record<string, unknown> = { overall, quality: Math.min(5, overall + Math.round(next())), value: Math.max(1, overall - Math.round(next())), nps, visit: pick(['drink-here', 'take-away', 'beans', 'gift']) };
      if (nps >= 7) answered.liked = ['taste', 'service', 'place', 'speed'].filter(() => next() < 0.5);
      if (unhappy) {
        answered.wrong = pick(complaints[locale]);
        if (next() < 0.7) answered.contact = { consent: true, name: person[0], email: emailOf(person[0]), language: person[1] };
      }
      const submission = { survey: catalog.id, locale, at: pick(['counter', 'tables', 'receipt', 'leaflet']), product: next() < 0.3 ? pick([...catalog.products.keys()]) : undefined, answers: answered, key: `demo-response-${day}-${n}` } as const;
      const result = await recordResponse(at(when), catalog, submission, { client: `demo-${day}-${n}`, started: new Date(when - 60_000) });
      if (!result.ok) throw new Error(`A demo answer was refused: ${result.reason}`);
      shop.responses++;
      if (result.response.complaint) {
        shop.complaints++;
        complaintIds.push({ id: result.response.id, when });
      }
    }
  }
  // The owner dealt with the older complaints: resolved, or contacted and waiting; the last week's are still open.
  for (const { id, when } of complaintIds) {
    if (end - when < 7 * DAY) continue;
    await changeFollowup(at(when + 5 * 3_600_000), id, { status: 'contacted', note: pick(notes) });
    if (next() < 0.7) await changeFollowup(at(when + 2 * DAY), id, { status: 'resolved' });
  }

  // Loyalty: a printed batch of 24 cards; regulars come once or twice a week, some register, two rewards are redeemed.
  const { codes } = await issueBatch(at(end - 62 * DAY), 24);
  for (const [index, code] of codes.entries()) {
    const visitsPerWeek = index < 6 ? 2 : index < 16 ? 1 : 0.4;
    let stamped = 0;
    for (let day = 58; day >= 1; day--) {
      if (next() > visitsPerWeek / 7) continue;
      const result = await stampCard(at(end - day * DAY + 10 * 3_600_000), programme, { code, key: `demo-stamp-${index}-${day}` });
      if (result.ok) stamped++;
    }
    if (stamped > 0) shop.cards++;
    shop.stamps += stamped;
    if (index < 2 && stamped >= programme.stampsPerReward) await redeemReward(at(end - DAY), programme, { code, key: `demo-redeem-${index}` });
    const person = people[index];
    if (person && stamped > 0) {
      await registerCard(at(end - 50 * DAY + index * DAY), code, { name: person[0], email: emailOf(person[0]), birthday: { day: 1 + index, month: 1 + (index % 12) }, language: person[1], newsletter: false }, { client: `demo-card-${index}`, staff: false });
    }
  }
  // The newsletter: the customers the shop had asked before (imported with their consent), sign-ups since,
  // some confirmed, a few who left; and the latest issue approved by the owner.
  const regulars = Array.from({ length: 30 }, (_, i) => `customer${i + 1}@demo.example`);
  const consent = new Date(end - 60 * DAY).toISOString().slice(0, 10);
  const csv = ['email,language,consent_date,consent_source', ...regulars.map((email, i) => `${email},${i % 3 ? 'es' : 'en'},${consent},paper sign-up sheet at the counter`)].join('\n');
  await importSubscribers(at(end - 59 * DAY), csv, { defaultLocale: 'es' });
  for (const [i, [name, locale]] of people.entries()) {
    const email = emailOf(name);
    const when = end - (45 - i * 3) * DAY;
    await subscribe(at(when), { email, locale, source: 'footer', client: `demo-signup-${i}` });
    if (i % 4 !== 3) await confirmSubscription(at(when + 3_600_000), new URL(confirmUrl(app, email, locale, new Date(when))).searchParams.get('token')!);
  }
  for (const email of regulars.slice(0, 3)) await unsubscribe(at(end - 10 * DAY), email, 'es');
  shop.subscribers = regulars.length + people.length;
  const latest = readIssues().map((issue) => issue.id).sort().at(-1);
  if (latest) {
    await approveIssue(at(end - 2 * DAY), readIssues().filter((issue) => issue.id === latest), { via: 'dashboard' });
    shop.issue = latest;
  }
  return shop;
}
