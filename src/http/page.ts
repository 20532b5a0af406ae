import { locales, type Locale } from '../i18n/locales.ts';
import { t } from '../i18n/strings.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A whole HTML document that keeps out of search results; `css` and `bodyHtml` go in as they are. */
export function htmlDocument(lang: Locale, title: string, css: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${bodyHtml}
</body>
</html>`;
}

const simpleCss = `
body{font:1.125rem/1.5 system-ui,sans-serif;max-width:36rem;margin:0 auto;padding:1.5rem;color:#1f1a17;background:#fbf8f4}
h1{font-size:1.5rem;line-height:1.2}a{color:#7a3e12}.button{display:inline-block;padding:.75rem 1.25rem;background:#7a3e12;color:#fff;border-radius:.5rem;text-decoration:none}
ul{padding-left:1.25rem}hr{border:0;border-top:1px solid #ddd;margin:2rem 0}
`;

/** A small self-contained page, for answers that functions render themselves. */
export function simplePage(locale: Locale, title: string, bodyHtml: string): string {
  return htmlDocument(locale, title, simpleCss, `<main>\n${bodyHtml}\n</main>`);
}

/** The 503 page while the site misses a setting: an apology in the visitor's language, and the variables to set. */
export function setupPage(locale: Locale, variables: string[]): string {
  const names = variables.join(', ');
  const others = locales.filter((other) => other !== locale);
  const body = `<h1>${escapeHtml(t(locale, 'error.setup.title'))}</h1>
<p>${escapeHtml(t(locale, 'error.setup.body', { names }))}</p>
${others.map((other) => `<hr><p lang="${other}">${escapeHtml(t(other, 'error.setup.title'))}. ${escapeHtml(t(other, 'error.setup.body', { names }))}</p>`).join('\n')}`;
  return simplePage(locale, t(locale, 'error.setup.title'), body);
}

/**
 * The answer to a form post that could not be saved: what to fix, in every language. "Go back" uses history so the
 * browser keeps the answers (public/back-link.js: a file, as the CSP allows no inline script).
 */
export function errorPage(locale: Locale, messages: string[], backHref = `/${locale}/`): string {
  const others = locales.filter((other) => other !== locale);
  const body = `<h1>${escapeHtml(t(locale, 'error.title'))}</h1>
<p>${escapeHtml(t(locale, 'error.intro'))}</p>
<ul>${messages.map((message) => `<li>${escapeHtml(message)}</li>`).join('')}</ul>
<p><a class="button" href="${escapeHtml(backHref)}" data-back>${escapeHtml(t(locale, 'error.back'))}</a></p>
<script src="/back-link.js" defer></script>
${others.map((other) => `<hr><p lang="${other}">${escapeHtml(t(other, 'error.title'))}. ${escapeHtml(t(other, 'error.intro'))}</p>`).join('\n')}`;
  return simplePage(locale, t(locale, 'error.title'), body);
}
