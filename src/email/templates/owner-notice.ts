import type { Site } from '../../catalog/site.ts';
import type { Locale } from '../../i18n/locales.ts';
import { isPluralKey, t, tn, type UiKey, type Vars } from '../../i18n/strings.ts';
import { letter, type RenderedEmail } from './layout.ts';

/** A short note to the shop owner about the newsletter send, in the owner's language (`ownerLocale` in site.yaml). */
export function ownerNotice(site: Site, siteUrl: string, kind: 'missing' | 'finished' | 'approval', vars: Vars): RenderedEmail {
  // A counted notice ("sent to 1 subscriber") takes its plural form from `count`.
  const text = (locale: Locale, part: 'subject' | 'body') => {
    const key = `newsletter.email.owner.${kind}.${part}`;
    return isPluralKey(key) ? tn(locale, key, Number(vars.count), vars) : t(locale, key as UiKey, vars);
  };
  const locale = site.ownerLocale;
  const paragraphs = [text(locale, 'body')];
  return letter({ locale, site, siteUrl, subject: text(locale, 'subject'), preheader: paragraphs[0]!, paragraphs });
}
