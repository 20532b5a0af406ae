import type { Site } from '../../catalog/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/strings.ts';
import { letter, type RenderedEmail } from './layout.ts';

/** The double opt-in email: one button that confirms. Nothing to unsubscribe from yet. */
export function confirmationEmail(locale: Locale, site: Site, siteUrl: string, confirmUrl: string): RenderedEmail {
  const name = site.name;
  return letter({
    locale,
    site,
    siteUrl,
    subject: t(locale, 'newsletter.email.confirm.subject', { name }),
    preheader: t(locale, 'newsletter.email.confirm.preheader'),
    paragraphs: [t(locale, 'newsletter.email.greeting'), t(locale, 'newsletter.email.confirm.body', { name })],
    action: { href: confirmUrl, label: t(locale, 'newsletter.email.confirm.action') },
    after: [t(locale, 'newsletter.email.confirm.ignore')],
  });
}

/** Sent once, when a subscription is confirmed; it already carries the unsubscribe link. */
export function welcomeEmail(locale: Locale, site: Site, siteUrl: string, unsubscribeUrl: string): RenderedEmail {
  const name = site.name;
  return letter({
    locale,
    site,
    siteUrl,
    subject: t(locale, 'newsletter.email.welcome.subject', { name }),
    preheader: t(locale, 'newsletter.email.welcome.preheader'),
    paragraphs: [t(locale, 'newsletter.email.greeting'), t(locale, 'newsletter.email.welcome.body'), t(locale, 'newsletter.email.welcome.archive')],
    action: { href: `${siteUrl}/${locale}/newsletter/`, label: t(locale, 'newsletter.welcome.archive') },
    footerLines: [t(locale, 'newsletter.email.footer.why', { name })],
    footerLinks: [{ href: unsubscribeUrl, label: t(locale, 'newsletter.email.footer.unsubscribe') }],
  });
}
