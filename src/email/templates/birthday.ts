import type { Site } from '../../catalog/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/strings.ts';
import { letter, type RenderedEmail } from './layout.ts';

/** A birthday greeting to a card holder, with the programme's birthday reward when there is one. */
export function birthdayEmail(locale: Locale, site: Site, siteUrl: string, person: { name: string; reward?: string }, unsubscribeUrl: string): RenderedEmail {
  const shop = site.name;
  return letter({
    locale,
    site,
    siteUrl,
    subject: t(locale, 'newsletter.email.birthday.subject', { name: person.name }),
    preheader: t(locale, 'newsletter.email.birthday.preheader', { shop }),
    ornament: '<p style="margin:0 0 16px;font-size:40px;line-height:1">🎂</p>',
    paragraphs: [
      t(locale, 'newsletter.email.birthday.body', { shop }),
      ...(person.reward ? [t(locale, 'newsletter.email.birthday.reward', { reward: person.reward })] : []),
    ],
    footerLines: [t(locale, 'newsletter.email.birthday.why')],
    footerLinks: [{ href: unsubscribeUrl, label: t(locale, 'newsletter.email.footer.unsubscribe') }],
  });
}
