import type { Site } from '../../catalog/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/strings.ts';
import { letter, type RenderedEmail } from './layout.ts';

/** "We miss you": to a card holder who has not been in for a while, in their language, with the programme's offer when there is one. */
export function winBackEmail(locale: Locale, site: Site, siteUrl: string, person: { name: string; offer?: string }, unsubscribeUrl: string): RenderedEmail {
  const shop = site.name;
  return letter({
    locale,
    site,
    siteUrl,
    subject: t(locale, 'newsletter.email.winBack.subject', { shop }),
    preheader: t(locale, 'newsletter.email.winBack.preheader', { name: person.name }),
    paragraphs: [
      t(locale, 'newsletter.email.winBack.greeting', { name: person.name }),
      t(locale, 'newsletter.email.winBack.body', { shop }),
      ...(person.offer ? [t(locale, 'newsletter.email.winBack.offer', { offer: person.offer })] : []),
    ],
    action: { href: `${siteUrl}/${locale}/`, label: t(locale, 'newsletter.email.winBack.action', { shop }) },
    footerLines: [t(locale, 'newsletter.email.winBack.why', { shop })],
    footerLinks: [{ href: unsubscribeUrl, label: t(locale, 'newsletter.email.footer.unsubscribe') }],
  });
}
