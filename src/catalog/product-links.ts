import type { Locale } from '../i18n/locales.ts';

/**
 * The addresses of a product's pages. The survey address is shared with the
 * survey feature and printed on leaflets, so it must never change.
 * @example productPaths('es', 'house-blend').manual → '/es/products/house-blend/manual/'
 */
export function productPaths(lang: Locale, slug: string) {
  const page = `/${lang}/products/${slug}/`;
  return {
    page,
    manual: `${page}manual/`,
    leaflet: `${page}leaflet/`,
    /** `at` is the location the customer came from (content/locations/), e.g. `leaflet`. */
    survey: (at?: string) => `/${lang}/survey/feedback/?${at ? `at=${encodeURIComponent(at)}&` : ''}product=${encodeURIComponent(slug)}`,
  };
}

export const guidePath = (lang: Locale, slug: string): string => `/${lang}/guides/${slug}/`;

/** `en/house-blend` → `house-blend`: an entry's file name, the same in every language. */
export const slugOf = (id: string): string => id.slice(id.indexOf('/') + 1);
