import { getCollection } from 'astro:content';
import { shortPath, surveyPath, typedUrl } from '../../surveys/links';
import type { Locale } from '../../i18n/locales';
import { translator } from '../../i18n/strings';
import { qrSvg } from '../../print/qr';
import type { Pack } from './PosterSheets.astro';

/** Where survey codes stand (content/locations/), in their order. */
export async function printLocations() {
  return (await getCollection('locations')).sort((a, b) => a.data.order - b.data.order);
}

/**
 * The survey print packs of every survey, for every location or only `location`: what each sheet's QR code
 * holds (the survey with the location, on `site`), the address to type instead and where it stands.
 */
export async function surveyPacks(lang: Locale, site: URL, location?: string): Promise<Pack[]> {
  const tr = translator(lang);
  const surveys = await getCollection('surveys');
  const locations = (await printLocations()).filter((entry) => location === undefined || entry.id === location);
  return Promise.all(
    surveys.flatMap((survey) =>
      locations.map(async (entry) => {
        const url = new URL(surveyPath(lang, survey.id, { at: entry.id }), site);
        const typed = typedUrl(survey.data.shortLinks ? new URL(shortPath(entry.id), site) : url);
        const where = entry.data.name[lang];
        const label = tr('survey.print.location', { name: where }) + (surveys.length > 1 ? ` · ${survey.data.title[lang]}` : '');
        return { url: url.href, typed, where, label, qr: await qrSvg(url.href, tr('survey.print.qrLabel', { url: typed })) };
      }),
    ),
  );
}
