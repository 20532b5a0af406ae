import type { Site } from '../../catalog/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/strings.ts';
import { button, emailShell, paragraph, textShell, type RenderedEmail } from './layout.ts';

/** The double opt-in email: one button that confirms. Nothing to unsubscribe from yet. */
export function confirmationEmail(locale: Locale, site: Site, siteUrl: string, confirmUrl: string): RenderedEmail {
  const name = site.name;
  const subject = t(locale, 'newsletter.email.confirm.subject', { name });
  const lines = [t(locale, 'newsletter.email.greeting'), t(locale, 'newsletter.email.confirm.body', { name })];
  const ignore = t(locale, 'newsletter.email.confirm.ignore');
  const action = t(locale, 'newsletter.email.confirm.action');
  return {
    subject,
    html: emailShell({
      locale,
      site,
      siteUrl,
      subject,
      preheader: t(locale, 'newsletter.email.confirm.preheader'),
      bodyHtml: [...lines.map((line) => paragraph(line, site)), button(confirmUrl, action, site), paragraph(ignore, site)].join('\n'),
      footerLines: [],
      footerLinks: [],
    }),
    text: textShell(site, [...lines, `${action}: ${confirmUrl}`, ignore].join('\n\n'), [], []),
  };
}

/** Sent once, when a subscription is confirmed; it already carries the unsubscribe link. */
export function welcomeEmail(locale: Locale, site: Site, siteUrl: string, unsubscribeUrl: string): RenderedEmail {
  const name = site.name;
  const subject = t(locale, 'newsletter.email.welcome.subject', { name });
  const archiveUrl = `${siteUrl}/${locale}/newsletter/`;
  const lines = [t(locale, 'newsletter.email.greeting'), t(locale, 'newsletter.email.welcome.body'), t(locale, 'newsletter.email.welcome.archive')];
  const footerLines = [t(locale, 'newsletter.email.footer.why', { name })];
  const footerLinks = [{ href: unsubscribeUrl, label: t(locale, 'newsletter.email.footer.unsubscribe') }];
  return {
    subject,
    html: emailShell({
      locale,
      site,
      siteUrl,
      subject,
      preheader: t(locale, 'newsletter.email.welcome.preheader'),
      bodyHtml: [...lines.map((line) => paragraph(line, site)), button(archiveUrl, t(locale, 'newsletter.welcome.archive'), site)].join('\n'),
      footerLines,
      footerLinks,
    }),
    text: textShell(site, [...lines, archiveUrl].join('\n\n'), footerLines, footerLinks),
  };
}
