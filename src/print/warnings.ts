import { escapeHtml as e } from '../http/page.ts';
import { isLocalAddress } from '../http/site-url.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { t, type UiKey } from '../i18n/strings.ts';

/** What a print page's codes depend on. */
export interface PrintSetup {
  /** The address in the printed QR codes and links. */
  siteUrl: string;
  /** The cards are signed with the demo CARD_SECRET (card sheets only: no other printable carries a card code). */
  demoCardSecret?: boolean | undefined;
}

const css = `.print-warning{max-width:60rem;margin:1rem auto;padding:.9rem 1.1rem;border:3px solid #b3261e;border-radius:.6rem;background:#fdecea;color:#5c1a12;font:1rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left}
.print-warning strong{display:block;font-size:1.2rem;line-height:1.25}.print-warning p{margin:.3rem 0 0}
.print-warning>div+div{margin-top:.8rem;padding-top:.6rem;border-top:1px solid #e4b5ae;font-size:.9rem}.print-warning>div+div strong{font-size:1rem}
.print-warning .screen-only-note{margin-top:.8rem;font-size:.85rem;font-style:italic}
@media print{.print-warning{display:none!important}}`;

/**
 * The on-screen warning of a print page whose codes would not work in the shop (a local address, or the demo
 * CARD_SECRET), in every language; empty when all is well.
 * @example printWarningHtml('es', { siteUrl: 'http://localhost:4322' }) → '<style>…</style><div class="print-warning" role="alert">…'
 */
export function printWarningHtml(lang: Locale, setup: PrintSetup): string {
  const problems: [UiKey, Record<string, string>][] = [];
  if (isLocalAddress(setup.siteUrl)) problems.push(['print.warning.local', { url: setup.siteUrl }]);
  if (setup.demoCardSecret) problems.push(['print.warning.secret', {}]);
  if (problems.length === 0) return '';
  const inLanguage = (locale: Locale) =>
    `<div lang="${locale}"><strong>${e(t(locale, 'print.warning.title'))}</strong>${problems.map(([key, vars]) => `<p>${e(t(locale, key, vars))}</p>`).join('')}</div>`;
  const languages = [lang, ...locales.filter((other) => other !== lang)];
  return `<style>${css}</style><div class="print-warning" role="alert">${languages.map(inLanguage).join('')}<p class="screen-only-note">${e(t(lang, 'print.warning.screenOnly'))}</p></div>`;
}
