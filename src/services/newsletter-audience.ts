import { z } from 'zod';
import type { App } from '../app.ts';
import { normaliseEmail } from '../domain/newsletter.ts';
import { inSegment, needsCards, type CardHolderActivity, type Segment } from '../domain/segments.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { cardActivity } from './card-activity.ts';
import { listRegistrations } from './cards.ts';
import { defineDoc } from '../store/store.ts';
import { allSubscribers } from './newsletter-store.ts';
import { suppressionCheck } from './suppressions.ts';

/**
 * Registered card holders by normalised email: their first registration and the
 * latest stamp on any of their cards, from the card month packs (card-activity.ts).
 */
export async function cardHolderActivity(app: App): Promise<Map<string, CardHolderActivity & { name: string; language: Locale; cards: string[] }>> {
  const [registrations, events] = await Promise.all([listRegistrations(app), cardActivity(app)]);
  const lastStamp = new Map<string, string>();
  for (const event of events) if (event.type === 'stamp' && event.at > (lastStamp.get(event.card) ?? '')) lastStamp.set(event.card, event.at);
  const holders = new Map<string, CardHolderActivity & { name: string; language: Locale; cards: string[] }>();
  for (const registration of registrations) {
    const email = normaliseEmail(registration.email);
    if (!email) continue;
    const stamp = lastStamp.get(registration.card);
    const known = holders.get(email);
    if (!known) {
      holders.set(email, { registeredAt: registration.registeredAt, lastStampAt: stamp, name: registration.name, language: registration.language, cards: [registration.card] });
      continue;
    }
    known.cards.push(registration.card);
    if (stamp && stamp > (known.lastStampAt ?? '')) known.lastStampAt = stamp;
    // Registrations come oldest first: the latest one gives the name and language they use now.
    Object.assign(known, { name: registration.name, language: registration.language });
  }
  return holders;
}

export interface Audience {
  /** Confirmed, not suppressed, in the segment; sorted by language then address (the send order). */
  recipients: { email: string; locale: Locale }[];
  byLocale: Record<Locale, number>;
}

/**
 * Who an issue with this segment reaches now.
 * @example const { byLocale } = await audienceOf(app, { kind: 'lapsed', lapsedDays: 60 })
 */
export async function audienceOf(app: App, segment: Segment): Promise<Audience> {
  const now = app.now();
  const [subscribers, isSuppressed, holders] = await Promise.all([
    allSubscribers(app.store),
    suppressionCheck(app),
    needsCards(segment) ? cardHolderActivity(app) : Promise.resolve(new Map<string, CardHolderActivity>()),
  ]);
  const recipients = subscribers
    .filter((s) => s.status === 'confirmed' && !isSuppressed(s.email) && inSegment(segment, s, holders, now))
    .map((s) => ({ email: s.email, locale: s.locale }))
    .sort((a, b) => a.locale.localeCompare(b.locale) || (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  const byLocale = Object.fromEntries(locales.map((l) => [l, 0])) as Record<Locale, number>;
  for (const r of recipients) byLocale[r.locale]++;
  return { recipients, byLocale };
}

const HOUR_MS = 3_600_000;
const reachSchema = z.object({ key: z.string(), at: z.string(), byLocale: z.record(z.enum(locales), z.number()), total: z.number() });
const reachDoc = (issue: string) => defineDoc(`rollups/reach/${issue}`, reachSchema, () => ({ key: '', at: '', byLocale: { en: 0, es: 0 }, total: 0 }));

/**
 * How many subscribers an issue reaches today, for the dashboard: counted from
 * every subscriber at most once an hour, and again as soon as the day, the
 * segment or the confirmed subscribers per language (`confirmed`, from the
 * people rollup) change. The send itself always counts afresh (audienceOf).
 * @example await reachOf(app, '2026-12', { kind: 'all', lapsedDays: 60 }, { en: 120, es: 80 })
 */
export async function reachOf(app: App, issue: string, segment: Segment, confirmed: Record<Locale, number>): Promise<{ byLocale: Record<Locale, number>; total: number }> {
  const now = app.now();
  const key = JSON.stringify([now.toISOString().slice(0, 10), segment, confirmed]);
  const held = await app.store.read(reachDoc(issue));
  if (held.key === key && now.getTime() - Date.parse(held.at) < HOUR_MS) return held;
  const audience = await audienceOf(app, segment);
  const reach = { key, at: now.toISOString(), byLocale: audience.byLocale, total: audience.recipients.length };
  await app.store.update(reachDoc(issue), (draft) => void Object.assign(draft, reach));
  return reach;
}
