import type { Issue } from '../../catalog/newsletter.ts';
import type { Site } from '../../catalog/site.ts';
import { t } from '../../i18n/strings.ts';
import { emailShell, markdownForEmail, textShell, type RenderedEmail } from './layout.ts';

/** An issue rendered once per language; only the unsubscribe link differs per recipient. */
export interface PreparedIssue {
  issue: Issue;
  site: Site;
  siteUrl: string;
  bodyHtml: string;
  bodyText: string;
  webUrl: string;
}

/** Renders an issue's Markdown (links to products and guides become absolute) for email. */
export function prepareIssue(issue: Issue, site: Site, siteUrl: string): PreparedIssue {
  const { html, text } = markdownForEmail(issue.body, site, siteUrl);
  return { issue, site, siteUrl, bodyHtml: html, bodyText: text, webUrl: `${siteUrl}/${issue.locale}/newsletter/${issue.id}/` };
}

/** One recipient's newsletter email, with a visible unsubscribe link (the sender adds the List-Unsubscribe headers). */
export function newsletterEmail(prepared: PreparedIssue, unsubscribeUrl: string): RenderedEmail {
  const { issue, site, siteUrl, webUrl } = prepared;
  const locale = issue.locale;
  const footerLines = [t(locale, 'newsletter.email.footer.why', { name: site.name })];
  const footerLinks = [
    { href: webUrl, label: t(locale, 'newsletter.email.footer.web') },
    { href: unsubscribeUrl, label: t(locale, 'newsletter.email.footer.unsubscribe') },
  ];
  return {
    subject: issue.data.subject,
    html: emailShell({ locale, site, siteUrl, subject: issue.data.subject, preheader: issue.data.preheader, bodyHtml: prepared.bodyHtml, footerLines, footerLinks }),
    text: textShell(site, prepared.bodyText, footerLines, footerLinks),
  };
}
