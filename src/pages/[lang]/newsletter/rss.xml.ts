import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getEntry } from 'astro:content';
import { marked } from 'marked';
import { absoluteUrl } from '../../../email/templates/layout';
import { localeStaticPaths } from '../../../i18n/paths';
import type { Locale } from '../../../i18n/locales';
import { t } from '../../../i18n/strings';
import { issuesIn } from '../../../newsletter-content';

export const getStaticPaths = localeStaticPaths;

/** /{lang}/newsletter/rss.xml: every issue in one language, with its full text. */
export async function GET(context: APIContext): Promise<Response> {
  const lang = context.params.lang as Locale;
  const site = (await getEntry('site', 'site'))!.data;
  const origin = String(context.site ?? 'http://localhost:4321').replace(/\/$/, '');
  const issues = await issuesIn(lang);
  return rss({
    title: `${site.name} · ${t(lang, 'newsletter.title')}`,
    description: t(lang, 'newsletter.rss.description', { name: site.name }),
    site: `${origin}/${lang}/newsletter/`,
    customData: `<language>${lang}</language>`,
    items: issues.map((issue) => ({
      title: issue.entry.data.subject,
      description: issue.entry.data.preheader,
      link: `/${lang}/newsletter/${issue.id}/`,
      pubDate: issue.date,
      content: marked.parse(issue.entry.body ?? '', {
        async: false,
        walkTokens: (token) => {
          if (token.type === 'link' || token.type === 'image') token.href = absoluteUrl(token.href, origin);
        },
      }),
    })),
  });
}
