import { escapeHtml, simplePage } from '../http/page.ts';
import type { Locale } from '../i18n/locales.ts';
import { t, type UiKey } from '../i18n/strings.ts';

const html = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });

/** A confirmation or unsubscribe link that cannot be used: why, and the way back to the sign-up. */
export function linkProblemPage(locale: Locale, status: number, reason: UiKey): Response {
  const title = t(locale, 'newsletter.link.invalid.title');
  return html(
    simplePage(locale, title, `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t(locale, reason))}</p>
<p><a class="button" href="/${locale}/newsletter/">${escapeHtml(t(locale, 'newsletter.title'))}</a></p>`),
    status,
  );
}

/** The page behind an email's unsubscribe link: one button, which POSTs (a GET changes nothing). */
export function unsubscribePage(locale: Locale, email: string, token: string): Response {
  const title = t(locale, 'newsletter.unsubscribe.title');
  return html(
    simplePage(locale, title, `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t(locale, 'newsletter.unsubscribe.body', { email }))}</p>
<form method="post" action="/api/unsubscribe?token=${encodeURIComponent(token)}&amp;lang=${locale}">
<button class="button" type="submit" style="border:0;font:inherit;cursor:pointer">${escapeHtml(t(locale, 'newsletter.unsubscribe.submit'))}</button>
</form>`),
  );
}
