import { createHash } from 'node:crypto';
import type { App } from '../app.ts';
import { readProgramme } from '../catalog/loyalty.ts';
import type { Localized } from '../catalog/localized.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { localDay } from '../domain/periods.ts';
import { sendWithRetries, type RetryOptions } from '../email/mailer.ts';
import { birthdayEmail } from '../email/templates/birthday.ts';
import { unsubscribeHeaders, unsubscribeUrl } from '../newsletter/links.ts';
import { birthdaysDue, claimGreeting, finishGreeting } from './queries.ts';
import { birthdaysOn } from './registration.ts';

export interface BirthdayReport {
  /** Greetings accepted by the mailer in this run. */
  sent: number;
  /** Birthdays today skipped: greeted already this year, or unsubscribed. */
  skipped: number;
  failed: number;
  /** Greetings left `sending` after a provider outage: the next day's run finishes them with the same key. */
  pending: number;
}

/** Another run's claim younger than this is left to it (it is sending now). */
const CLAIM_MS = 10 * 60_000;

const birthdayKey = (year: number, email: string) => `birthday-${year}-${createHash('sha256').update(email).digest('hex').slice(0, 24)}`;

/**
 * The daily birthday run: greets every subscribed address whose birthday is today in the shop's calendar, once a
 * year: its row is claimed before the send and the idempotency key makes a resend after a crash deliver nothing twice.
 */
export async function sendBirthdayGreetings(app: App, options: { reward?: Localized; site?: Site } & RetryOptions = {}): Promise<BirthdayReport> {
  const site = options.site ?? readSite();
  const now = app.now();
  const today = localDay(now, site.timeZone);
  const year = Number(today.slice(0, 4));
  const retry: RetryOptions = { maxAttempts: options.maxAttempts, sleep: options.sleep };
  const report: BirthdayReport = { sent: 0, skipped: 0, failed: 0, pending: 0 };
  for (const contact of await birthdaysDue(app.db, { year, dates: birthdaysOn(today) })) {
    const { email, language } = contact;
    const key = birthdayKey(year, email);
    if (contact.unsubscribed || !(await claimGreeting(app.db, { year, email, locale: language, key, now, staleBefore: new Date(now.getTime() - CLAIM_MS) }))) {
      report.skipped++;
      continue;
    }
    const url = unsubscribeUrl(app, email, language);
    const message = birthdayEmail(language, site, app.config.siteUrl, { name: contact.name, reward: options.reward?.[language] }, url);
    const result = await sendWithRetries(app.mailer, { to: email, ...message, headers: unsubscribeHeaders(url) }, { idempotencyKey: key, ...retry });
    if (!result.ok && result.error.retryable) {
      report.pending++;
      continue;
    }
    const at = app.now();
    await finishGreeting(app.db, result.ok ? { year, email, at, status: 'sent', providerId: result.id } : { year, email, at, status: 'failed', message: result.error.message });
    if (result.ok) report.sent++;
    else report.failed++;
  }
  return report;
}

/** The programme's birthday reward (content/loyalty/programme.yaml `birthdayReward`), if it defines one. */
export function birthdayReward(): Localized | undefined {
  return readProgramme().birthdayReward;
}
