import type { Site } from '../catalog/site.ts';
import { letter, type RenderedEmail } from '../email/templates/layout.ts';
import type { Locale } from '../i18n/locales.ts';
import { formatDate, t } from '../i18n/strings.ts';
import { formatCardNumber } from './card.ts';
import type { RegistrationDetails } from './registration.ts';

/** What both emails about a registration change need: the shop, the card, the shop's clock. */
interface Context {
  locale: Locale;
  site: Site;
  siteUrl: string;
  card: string;
  programme: string;
}

const when = (context: Context, date: Date) => formatDate(context.locale, date, { dateStyle: 'long', timeStyle: 'short', timeZone: context.site.timeZone });

/** To a card's registered address: someone asked to change its details; one button confirms (the printed code proves nothing). */
export function changeConfirmationEmail(context: Context, details: RegistrationDetails, confirmUrl: string, until: Date): RenderedEmail {
  const { locale } = context;
  const number = formatCardNumber(context.card);
  return letter({
    ...context,
    subject: t(locale, 'loyalty.email.change.subject', { number }),
    preheader: t(locale, 'loyalty.email.change.preheader', { programme: context.programme }),
    paragraphs: [t(locale, 'loyalty.email.change.body', { number, shop: context.site.name, name: details.name, email: details.email, until: when(context, until) })],
    action: { href: confirmUrl, label: t(locale, 'loyalty.email.change.action') },
    after: [t(locale, 'loyalty.email.change.ignore')],
  });
}

/** To a card's previous address after its details changed (confirmed, or by staff): a takeover never goes unnoticed. */
export function detailsChangedEmail(context: Context, change: { at: Date; newAddress: boolean }): RenderedEmail {
  const { locale } = context;
  const number = formatCardNumber(context.card);
  const body = t(locale, 'loyalty.email.changed.body', { number, shop: context.site.name, when: when(context, change.at) });
  return letter({
    ...context,
    subject: t(locale, 'loyalty.email.changed.subject', { number }),
    preheader: body,
    paragraphs: [body, ...(change.newAddress ? [t(locale, 'loyalty.email.changed.newAddress')] : []), t(locale, 'loyalty.email.changed.help')],
  });
}
