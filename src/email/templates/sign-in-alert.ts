import type { Site } from '../../catalog/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import { formatDate, t } from '../../i18n/strings.ts';
import { letter, type RenderedEmail } from './layout.ts';

/** The owner's warning that someone keeps trying wrong PINs or passwords, and what to do about it. */
export function signInAlertEmail(locale: Locale, site: Site, siteUrl: string, alert: { role: 'staff' | 'admin'; failures: number; since: Date }): RenderedEmail {
  const vars = { failures: alert.failures, since: formatDate(locale, alert.since, { dateStyle: 'long', timeStyle: 'short', timeZone: site.timeZone }) };
  const subject = t(locale, `admin.signInAlert.${alert.role}.subject`, vars);
  const paragraphs = [
    t(locale, `admin.signInAlert.${alert.role}.body`, vars),
    t(locale, 'admin.signInAlert.slowed'),
    t(locale, `admin.signInAlert.${alert.role}.action`),
  ];
  return letter({ locale, site, siteUrl, subject, preheader: paragraphs[0]!, paragraphs });
}
