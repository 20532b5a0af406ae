import { escapeHtml, simplePage } from '../http/page.ts';
import { localeNames, type Locale } from '../i18n/locales.ts';
import { formatDate, t } from '../i18n/strings.ts';
import { formatCardNumber } from './card.ts';
import type { RegistrationDetails } from './registration.ts';

const page = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-robots-tag': 'noindex' } });

/** The page behind a confirmation link: the new details and a button that POSTs (a mail program opening links confirms nothing). */
export function changePage(locale: Locale, change: { card: string; details: RegistrationDetails }, token: string): Response {
  const { details } = change;
  const title = t(locale, 'loyalty.change.title');
  const birthday = details.birthday
    ? formatDate(locale, new Date(Date.UTC(2000, details.birthday.month - 1, details.birthday.day)), { day: 'numeric', month: 'long' })
    : t(locale, 'loyalty.change.noBirthday');
  const items: [string, string][] = [
    [t(locale, 'loyalty.register.name'), details.name],
    [t(locale, 'loyalty.register.email'), details.email],
    [t(locale, 'loyalty.register.birthday'), birthday],
    [t(locale, 'loyalty.register.language'), localeNames[details.language]],
    [t(locale, 'newsletter.title'), t(locale, details.newsletter ? 'loyalty.change.newsletterYes' : 'loyalty.change.newsletterNo')],
  ];
  return page(
    simplePage(locale, title, `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t(locale, 'loyalty.change.intro', { number: formatCardNumber(change.card) }))}</p>
<ul>${items.map(([label, value]) => `<li>${escapeHtml(label)}: <strong>${escapeHtml(value)}</strong></li>`).join('')}</ul>
<form method="post" action="/api/cards/registration/confirm">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<input type="hidden" name="lang" value="${locale}">
<button class="button" type="submit" style="border:0;font:inherit;cursor:pointer">${escapeHtml(t(locale, 'loyalty.change.confirm'))}</button>
</form>`),
  );
}

/** A confirmation link expired, already used, or replaced by a newer request: 410 and what to do. */
export function changeGonePage(locale: Locale): Response {
  const title = t(locale, 'loyalty.change.gone.title');
  return page(
    simplePage(locale, title, `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t(locale, 'loyalty.change.gone.body'))}</p>
<p><a class="button" href="/${locale}/">${escapeHtml(t(locale, 'nav.home'))}</a></p>`),
    410,
  );
}
