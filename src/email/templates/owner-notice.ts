import type { Site } from '../../catalog/site.ts';
import { t, type UiKey, type Vars } from '../../i18n/strings.ts';
import { emailShell, paragraph, textShell, type RenderedEmail } from './layout.ts';

/** A short note to the shop owner about the newsletter send (in English and Spanish). */
export function ownerNotice(site: Site, siteUrl: string, kind: 'missing' | 'finished', vars: Vars): RenderedEmail {
  const key = (part: 'subject' | 'body') => `newsletter.email.owner.${kind}.${part}` as UiKey;
  const subject = t('en', key('subject'), vars);
  const lines = [t('en', key('body'), vars), t('es', key('body'), vars)];
  return {
    subject,
    html: emailShell({ locale: 'en', site, siteUrl, subject, preheader: lines[0]!, bodyHtml: lines.map((line) => paragraph(line, site)).join('\n'), footerLines: [], footerLinks: [] }),
    text: textShell(site, lines.join('\n\n'), [], []),
  };
}
