import { escapeHtml as e, simplePage } from '../http/page.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';

/** Why the owner's follow-up email did not go. */
export type NotSent = { reason: 'invalid' | 'no-email' | 'not-found' } | { reason: 'mail-failed'; message: string };

/**
 * The page a form post gets when the follow-up email was not sent: why, in the owner's language (then a line
 * in the others), and the text they wrote, so that nothing is lost, with the way back to the complaint.
 * @example notSentPage('es', { reason: 'mail-failed', message: 'rate limited' }, letter, '/admin/followups/?show=…')
 */
export function notSentPage(lang: Locale, why: NotSent, letter: { subject?: string | undefined; text?: string | undefined }, back: string): string {
  const reason = (locale: Locale) =>
    why.reason === 'mail-failed' ? t(locale, 'admin.followups.notSent.mailFailed', { message: why.message }) : t(locale, `admin.followups.notSent.${why.reason}`);
  const written = letter.subject || letter.text
    ? `<p>${e(t(lang, 'admin.followups.notSent.yourText'))}</p>
<blockquote><p><strong>${e(letter.subject ?? '')}</strong></p><p style="white-space:pre-wrap">${e(letter.text ?? '')}</p></blockquote>`
    : '';
  const others = locales.filter((other) => other !== lang);
  const body = `<h1>${e(t(lang, 'admin.followups.notSent.title'))}</h1>
<p>${e(reason(lang))}</p>
${written}
<p><a class="button" href="${e(back)}">${e(t(lang, 'admin.followups.notSent.back'))}</a></p>
${others.map((other) => `<hr><p lang="${other}">${e(t(other, 'admin.followups.notSent.title'))}. ${e(reason(other))}</p>`).join('\n')}`;
  return simplePage(lang, t(lang, 'admin.followups.notSent.title'), body);
}
