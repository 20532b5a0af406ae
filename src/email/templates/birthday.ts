import type { Site } from '../../catalog/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/strings.ts';
import { emailShell, paragraph, textShell, type RenderedEmail } from './layout.ts';

/** A birthday greeting to a card holder, with the programme's birthday reward when there is one. */
export function birthdayEmail(locale: Locale, site: Site, siteUrl: string, person: { name: string; reward?: string }, unsubscribeUrl: string): RenderedEmail {
  const shop = site.name;
  const subject = t(locale, 'newsletter.email.birthday.subject', { name: person.name });
  const lines = [
    t(locale, 'newsletter.email.birthday.body', { shop }),
    ...(person.reward ? [t(locale, 'newsletter.email.birthday.reward', { reward: person.reward })] : []),
  ];
  const footerLines = [t(locale, 'newsletter.email.birthday.why')];
  const footerLinks = [{ href: unsubscribeUrl, label: t(locale, 'newsletter.email.footer.unsubscribe') }];
  return {
    subject,
    html: emailShell({
      locale,
      site,
      siteUrl,
      subject,
      preheader: t(locale, 'newsletter.email.birthday.preheader', { shop }),
      bodyHtml: [`<p style="margin:0 0 16px;font-size:40px;line-height:1">🎂</p>`, ...lines.map((line) => paragraph(line, site))].join('\n'),
      footerLines,
      footerLinks,
    }),
    text: textShell(site, lines.join('\n\n'), footerLines, footerLinks),
  };
}
