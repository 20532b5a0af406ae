import { Marked, type Token, type Tokens } from 'marked';
import type { Site } from '../../catalog/site.ts';
import { escapeHtml } from '../../http/page.ts';
import type { Locale } from '../../i18n/locales.ts';

/** The email shell every template shares: tables and inline styles only (mail programs drop <style> and most CSS). */

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const ink = '#1f1a17';
const muted = '#5c534c';

/** Inline styles per tag for Markdown rendered into an email. */
function stylesFor(site: Site): Record<string, string> {
  const { primary, accent } = site.colors;
  return {
    p: `margin:0 0 16px;${font};font-size:16px;line-height:1.6;color:${ink}`,
    h1: `margin:0 0 16px;${font};font-size:26px;line-height:1.25;color:${ink}`,
    h2: `margin:28px 0 12px;${font};font-size:21px;line-height:1.3;color:${primary}`,
    h3: `margin:24px 0 8px;${font};font-size:18px;line-height:1.3;color:${ink}`,
    ul: `margin:0 0 16px;padding:0 0 0 22px;${font};font-size:16px;line-height:1.6;color:${ink}`,
    ol: `margin:0 0 16px;padding:0 0 0 22px;${font};font-size:16px;line-height:1.6;color:${ink}`,
    li: 'margin:0 0 6px',
    a: `color:${primary};text-decoration:underline`,
    blockquote: `margin:0 0 16px;padding:0 0 0 16px;border-left:4px solid ${accent};color:${muted}`,
    hr: 'border:0;border-top:1px solid #e4dcd3;margin:28px 0',
    img: 'display:block;max-width:100%;height:auto;border:0',
    strong: 'font-weight:700',
  };
}

/** Adds `style` to every tag marked emits that has a style here (raw HTML an owner wrote keeps its own). */
function inlineStyles(html: string, styles: Record<string, string>): string {
  return html.replace(/<(p|h1|h2|h3|ul|ol|li|a|blockquote|hr|img|strong)(?=[\s>/])([^>]*)>/g, (tag, name: string, rest: string) =>
    /\sstyle=/.test(rest) ? tag : `<${name} style="${styles[name]}"${rest}>`,
  );
}

/** A site path (`/en/products/x/`) as an absolute URL; other links as they are. */
export function absoluteUrl(href: string, siteUrl: string): string {
  return href.startsWith('/') && !href.startsWith('//') ? `${siteUrl}${href}` : href;
}

/** Plain text of inline tokens: links become `text (url)`. */
function inlineText(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => {
      if (token.type === 'link') {
        const label = inlineText(token.tokens);
        return label === token.href ? label : `${label} (${token.href})`;
      }
      if (token.type === 'image') return token.text ? `[${token.text}]` : '';
      if (token.type === 'br') return '\n';
      if ('tokens' in token && token.tokens) return inlineText(token.tokens);
      if (token.type === 'html') return '';
      return 'text' in token ? decodeEntities(token.text) : '';
    })
    .join('');
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
}

/** Plain text of block tokens, for the text/plain part. */
function blockText(tokens: Token[]): string {
  const blocks: string[] = [];
  for (const token of tokens) {
    if (token.type === 'heading') blocks.push(inlineText(token.tokens).toUpperCase());
    else if (token.type === 'paragraph') blocks.push(inlineText(token.tokens));
    else if (token.type === 'list') {
      const list = token as Tokens.List;
      blocks.push(list.items.map((item, i) => `${list.ordered ? `${Number(list.start || 1) + i}.` : '-'} ${blockText(item.tokens).trim()}`).join('\n'));
    } else if (token.type === 'blockquote') blocks.push(blockText(token.tokens ?? []).split('\n').map((line) => `> ${line}`).join('\n'));
    else if (token.type === 'hr') blocks.push('----');
    else if (token.type === 'code') blocks.push(token.text);
    else if (token.type === 'text') blocks.push(token.tokens ? inlineText(token.tokens) : decodeEntities(token.text));
  }
  return blocks.join('\n\n');
}

/**
 * Markdown (a newsletter body) as email-safe HTML with inline styles, and as plain text; site paths become absolute.
 * @example markdownForEmail('See [our blend](/en/products/house-blend/).', site, 'https://brasa.example')
 */
export function markdownForEmail(markdown: string, site: Site, siteUrl: string): { html: string; text: string } {
  const marked = new Marked({ gfm: true });
  const tokens = marked.lexer(markdown);
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'link' || token.type === 'image') token.href = absoluteUrl(token.href, siteUrl);
  });
  const html = inlineStyles(marked.parser(tokens), stylesFor(site));
  return { html, text: blockText(tokens) };
}

/** A paragraph of plain text, escaped and styled. */
export function paragraph(text: string, site: Site): string {
  return `<p style="${stylesFor(site).p}">${escapeHtml(text)}</p>`;
}

/** A button that works in every mail program: a link inside a coloured table cell. */
export function button(href: string, label: string, site: Site): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px"><tr><td style="background:${site.colors.primary};border-radius:6px"><a href="${escapeHtml(href)}" style="display:inline-block;padding:14px 26px;${font};font-size:17px;font-weight:700;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(label)}</a></td></tr></table>`;
}

export interface ShellOptions {
  locale: Locale;
  site: Site;
  siteUrl: string;
  subject: string;
  /** Shown by mail programs after the subject, hidden in the message. */
  preheader: string;
  /** Already-rendered, styled HTML. */
  bodyHtml: string;
  /** Lines under the message: why they get it. */
  footerLines: string[];
  /** Footer links, e.g. web version and unsubscribe (the unsubscribe link must be visible). */
  footerLinks: { href: string; label: string }[];
}

/** The whole HTML document of an email. */
export function emailShell(options: ShellOptions): string {
  const { site, siteUrl, locale } = options;
  const { primary, background } = site.colors;
  const small = `${font};font-size:13px;line-height:1.5;color:${muted}`;
  const links = options.footerLinks
    .map((link) => `<a href="${escapeHtml(link.href)}" style="color:${primary};text-decoration:underline">${escapeHtml(link.label)}</a>`)
    .join(' &nbsp;·&nbsp; ');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${escapeHtml(options.subject)}</title>
</head>
<body style="margin:0;padding:0;background:${background};-webkit-text-size-adjust:100%">
<div style="display:none;max-height:0;overflow:hidden;opacity:0;mso-hide:all">${escapeHtml(options.preheader)}${'&#8199;&#847;'.repeat(40)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${background}">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border-top:6px solid ${primary};border-radius:8px">
<tr><td style="padding:24px 32px 4px"><a href="${escapeHtml(`${siteUrl}/${locale}/`)}" style="${font};font-size:20px;font-weight:700;color:${primary};text-decoration:none">${escapeHtml(site.name)}</a></td></tr>
<tr><td style="padding:16px 32px 16px">
${options.bodyHtml}
</td></tr>
</table>
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px">
<tr><td style="padding:20px 32px;${small}">
${options.footerLines.map((line) => `<p style="margin:0 0 8px;${small}">${escapeHtml(line)}</p>`).join('\n')}
<p style="margin:0 0 8px;${small}">${escapeHtml(site.name)} · ${escapeHtml(site.address)}</p>
${links ? `<p style="margin:0;${small}">${links}</p>` : ''}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

/** The plain-text part with the same footer. */
export function textShell(site: Site, body: string, footerLines: string[], footerLinks: { href: string; label: string }[]): string {
  return [site.name, '', body.trim(), '', '--', ...footerLines, `${site.name} · ${site.address}`, ...footerLinks.map((l) => `${l.label}: ${l.href}`)].join('\n') + '\n';
}

export interface LetterOptions extends Omit<ShellOptions, 'bodyHtml' | 'footerLines' | 'footerLinks'>, Partial<Pick<ShellOptions, 'footerLines' | 'footerLinks'>> {
  /** Plain-text paragraphs, escaped. */
  paragraphs: string[];
  /** One button after the paragraphs (its link is spelled out in the text part). */
  action?: { href: string; label: string };
  /** Paragraphs after the button. */
  after?: string[];
  /** Raw HTML shown above the paragraphs (e.g. an emoji). */
  ornament?: string;
}

/** A short letter of plain paragraphs and an optional button, as HTML and text: the transactional emails. */
export function letter(options: LetterOptions): RenderedEmail {
  const { site, action, after = [], footerLines = [], footerLinks = [] } = options;
  const bodyHtml = [
    ...(options.ornament ? [options.ornament] : []),
    ...options.paragraphs.map((line) => paragraph(line, site)),
    ...(action ? [button(action.href, action.label, site)] : []),
    ...after.map((line) => paragraph(line, site)),
  ].join('\n');
  const text = [...options.paragraphs, ...(action ? [`${action.label}: ${action.href}`] : []), ...after].join('\n\n');
  return {
    subject: options.subject,
    html: emailShell({ ...options, bodyHtml, footerLines, footerLinks }),
    text: textShell(site, text, footerLines, footerLinks),
  };
}
