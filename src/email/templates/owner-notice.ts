import type { Site } from '../../catalog/site.ts';
import { t, type UiKey, type Vars } from '../../i18n/strings.ts';
import { letter, type RenderedEmail } from './layout.ts';

/** A short note to the shop owner about the newsletter send (in English and Spanish). */
export function ownerNotice(site: Site, siteUrl: string, kind: 'missing' | 'finished', vars: Vars): RenderedEmail {
  const key = (part: 'subject' | 'body') => `newsletter.email.owner.${kind}.${part}` as UiKey;
  const paragraphs = [t('en', key('body'), vars), t('es', key('body'), vars)];
  return letter({ locale: 'en', site, siteUrl, subject: t('en', key('subject'), vars), preheader: paragraphs[0]!, paragraphs });
}
