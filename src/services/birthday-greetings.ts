import { createHash } from 'node:crypto';
import type { App } from '../app.ts';
import { z } from 'zod';
import type { Localized } from '../catalog/localized.ts';
import { readProgramme } from '../catalog/loyalty.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { isBirthday, normaliseEmail, type Birthday } from '../domain/newsletter.ts';
import { sendWithRetries, type RetryOptions } from '../email/mailer.ts';
import { birthdayEmail } from '../email/templates/birthday.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { defineDoc } from '../store/store.ts';
import { unsubscribeHeaders, unsubscribeUrl } from './newsletter-links.ts';
import { allSubscribers, birthdayLogDoc } from './newsletter-store.ts';

/** Who may get a birthday greeting: a registered card holder (see loyaltyContacts()). */
export interface BirthdayContact {
  name: string;
  email: string;
  birthday: Birthday | null;
  language: Locale;
  /** The customer agreed to a birthday greeting. */
  consent: boolean;
}

export interface BirthdayReport {
  /** Greetings accepted by the mailer in this run. */
  sent: number;
  /** Birthdays today skipped: greeted already this year, or unsubscribed. */
  skipped: number;
  failed: number;
  /** Greetings left `sending` after a provider outage: the next run finishes them with the same key. */
  pending: number;
}

const birthdayKey = (year: number, email: string) => `birthday-${year}-${createHash('sha256').update(email).digest('hex').slice(0, 24)}`;

/**
 * The daily birthday run: greets every contact whose birthday is today (UTC),
 * who consented and is not unsubscribed from the shop's emails, at most once a
 * year each (the log `birthdays/{yyyy}` is written before each send, and the
 * idempotency key makes a re-send after a crash deliver nothing twice).
 * @example await sendBirthdayGreetings(app, await loyaltyContacts(app), { reward: programme.birthdayReward })
 */
export async function sendBirthdayGreetings(
  app: App,
  contacts: readonly BirthdayContact[],
  options: { reward?: Localized; site?: Site } & RetryOptions = {},
): Promise<BirthdayReport> {
  const now = app.now();
  const year = now.getUTCFullYear();
  const doc = birthdayLogDoc(year);
  const site = options.site ?? readSite();
  const retry: RetryOptions = { maxAttempts: options.maxAttempts, sleep: options.sleep };
  const report: BirthdayReport = { sent: 0, skipped: 0, failed: 0, pending: 0 };
  const unsubscribed = new Set((await allSubscribers(app.store)).filter((s) => s.status === 'unsubscribed').map((s) => s.email));

  // Today's birthdays, one greeting per address even with several cards.
  const due = new Map<string, BirthdayContact>();
  for (const contact of contacts) {
    const email = normaliseEmail(contact.email);
    if (email && contact.consent && contact.birthday && isBirthday(contact.birthday, now) && !due.has(email)) due.set(email, contact);
  }
  // Plus yesterday's greetings that an outage or a crash left half-sent.
  const log = await app.store.read(doc);
  const resumed = Object.values(log.sends).filter((s) => s.status === 'sending').map((s) => s.email);
  const byEmail = new Map(contacts.map((c) => [normaliseEmail(c.email) ?? '', c]));
  for (const email of resumed) if (!due.has(email) && byEmail.has(email)) due.set(email, byEmail.get(email)!);

  for (const [email, contact] of due) {
    if (unsubscribed.has(email)) {
      report.skipped++;
      continue;
    }
    const key = birthdayKey(year, email);
    const claimed = await app.store.update(doc, (draft) => {
      const earlier = draft.sends[email];
      if (earlier && earlier.status !== 'sending') return false;
      draft.sends[email] = { email, locale: contact.language, status: 'sending', key, at: now.toISOString() };
      return true;
    });
    if (!claimed) {
      report.skipped++;
      continue;
    }
    const url = unsubscribeUrl(app, email, contact.language);
    const message = birthdayEmail(contact.language, site, app.config.siteUrl, { name: contact.name, reward: options.reward?.[contact.language] }, url);
    const result = await sendWithRetries(app.mailer, { to: email, ...message, headers: unsubscribeHeaders(url) }, { idempotencyKey: key, ...retry });
    if (!result.ok && result.error.retryable) {
      report.pending++;
      continue;
    }
    await app.store.update(doc, (draft) => {
      draft.sends[email] = result.ok
        ? { email, locale: contact.language, status: 'sent', key, at: app.now().toISOString(), id: result.id }
        : { email, locale: contact.language, status: 'failed', key, at: app.now().toISOString(), message: result.error.message };
    });
    if (result.ok) report.sent++;
    else report.failed++;
  }
  return report;
}

/*
 * The loyalty feature owns card registrations (`cards/registrations/{shard}`,
 * `{ registrations: Registration[] }`, see src/services/cards.ts). Greetings
 * read only the fields they need, loosely, so that either feature can grow its
 * documents freely.
 */
const registrationFields = z.looseObject({
  name: z.string(),
  email: z.string(),
  birthday: z.object({ day: z.number().int(), month: z.number().int() }).nullable(),
  language: z.enum(locales),
});
const registrationsDoc = (key: string) => defineDoc(key, z.looseObject({ registrations: z.array(registrationFields) }), () => ({ registrations: [] }));

/**
 * Registered card holders as birthday contacts. The registration form says that
 * a birthday, which is optional, is asked for a birthday greeting: giving it is
 * the consent (the newsletter tick is a separate matter).
 */
export async function loyaltyContacts(app: Pick<App, 'store'>): Promise<BirthdayContact[]> {
  const keys = await app.store.keys('cards/registrations/');
  const docs = await Promise.all(keys.map((key) => app.store.read(registrationsDoc(key))));
  return docs.flatMap((doc) => doc.registrations).map((r) => ({ name: r.name, email: r.email, birthday: r.birthday, language: r.language, consent: r.birthday !== null }));
}

/** The programme's birthday reward (content/loyalty/programme.yaml `birthdayReward`), if it defines one. */
export function birthdayReward(): Localized | undefined {
  return readProgramme().birthdayReward;
}
