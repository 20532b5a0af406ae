import type { Site } from '../../catalog/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import { isPluralKey, t, tn, type UiKey, type Vars } from '../../i18n/strings.ts';
import { letter, type RenderedEmail } from './layout.ts';

/** A short note to the shop owner about the newsletter send (in English and Spanish). */
export function ownerNotice(site: Site, siteUrl: string, kind: 'missing' | 'finished' | 'approval', vars: Vars): RenderedEmail {
  // A counted notice ("sent to 1 subscriber") takes its plural form from `count`.
  const text = (locale: Locale, part: 'subject' | 'body') => {
    const key = `newsletter.email.owner.${kind}.${part}`;
    return isPluralKey(key) ? tn(locale, key, Number(vars.count), vars) : t(locale, key as UiKey, vars);
  };
  const paragraphs = [text('en', 'body'), text('es', 'body')];
  return letter({ locale: 'en', site, siteUrl, subject: text('en', 'subject'), preheader: paragraphs[0]!, paragraphs });
}
