import type { App } from '../app.ts';
import { readSite } from '../catalog/read.ts';
import type { Locale } from '../i18n/locales.ts';
import { formatDate } from '../i18n/strings.ts';
import { limitingStreaks, openSessions } from './queries.ts';
import type { Role } from './roles.ts';
import { accountLockout, fingerprint } from './sessions.ts';

/**
 * The accounts whose limits are being hit now, for the dashboard's banner and sign-ins section; `since`: when the
 * wrong tries started, on the shop's clock.
 * @example await limitedAccounts(app, 'es') → [{ role: 'staff', failures: 37, since: '26 nov 2026, 11:00' }]
 */
export async function limitedAccounts(app: App, lang: Locale): Promise<{ role: Role; failures: number; since: string }[]> {
  const { timeZone } = readSite();
  const streaks = await limitingStreaks(app.db, accountLockout, app.now());
  return streaks.map((streak) => ({ role: streak.account, failures: streak.failures, since: formatDate(lang, streak.startedAt, { dateStyle: 'medium', timeStyle: 'short', timeZone }) }));
}

/**
 * How many staff phones and dashboard browsers have a session that still opens something.
 * @example await signedIn(app) → { staff: 3, admin: 1 }
 */
export function signedIn(app: App): Promise<Record<Role, number>> {
  return openSessions(app.db, { staff: fingerprint(app, 'staff'), admin: fingerprint(app, 'admin') }, app.now());
}
