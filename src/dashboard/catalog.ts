import type { Localized } from '../catalog/localized.ts';
import { readProgramme, type Loyalty } from '../catalog/loyalty.ts';
import { readCollection, readLocations, readSite } from '../catalog/read.ts';
import { readProductNames } from '../catalog/surveys.ts';
import { surveySchema, type Survey } from '../catalog/survey.ts';
import type { Locale } from '../i18n/locales.ts';

/** What the dashboard needs from content/: surveys, where codes stand, products, the card programme. */
export interface DashboardCatalog {
  surveys: { id: string; survey: Survey }[];
  /** The same surveys by id, as the services take them. */
  surveyMap: Map<string, Survey>;
  locations: { id: string; name: Localized }[];
  /** By slug: its name in each language. */
  products: Map<string, Record<Locale, string>>;
  programme: Loyalty;
  /** The shop's clock (content/site/site.yaml): the days and months of every figure, every date and time shown. */
  timeZone: string;
}

/** Reads the dashboard's content at request time (the same reader and schemas as the functions). */
export function readDashboardCatalog(): DashboardCatalog {
  const surveys = readCollection('surveys', surveySchema).map((entry) => ({ id: entry.id, survey: entry.data }));
  return {
    surveys,
    surveyMap: new Map(surveys.map(({ id, survey }) => [id, survey])),
    locations: readLocations().map((entry) => ({ id: entry.id, name: entry.data.name })),
    products: readProductNames(),
    programme: readProgramme(),
    timeZone: readSite().timeZone,
  };
}

/** The owner's name for a stored location id (`counter` → "Mostrador"); stored values are shown as they are otherwise. */
export function locationName(catalog: DashboardCatalog, id: string | null, lang: Locale, none: string): string {
  if (id === null) return none;
  return catalog.locations.find((location) => location.id === id)?.name[lang] ?? id;
}

export function productName(catalog: DashboardCatalog, slug: string | null, lang: Locale, none: string): string {
  if (slug === null) return none;
  return catalog.products.get(slug)?.[lang] ?? slug;
}
