/**
 * The URL scheme of printed survey codes. Codes on posters, tents, receipts and
 * leaflets live for years, so these paths are a promise: never change them.
 *
 *   /{lang}/survey/{survey}/?at={location}&product={product}   what a QR code holds
 *   /s/{location}/                                           the short form to type (the survey with shortLinks: true)
 */

/**
 * @example surveyPath('es', 'feedback', { at: 'counter', product: 'house-blend' }) → '/es/survey/feedback/?at=counter&product=house-blend'
 */
export function surveyPath(lang: string, survey: string, code: { at?: string; product?: string } = {}): string {
  const query = new URLSearchParams();
  if (code.at) query.set('at', code.at);
  if (code.product) query.set('product', code.product);
  const search = query.toString();
  return `/${lang}/survey/${survey}/${search ? `?${search}` : ''}`;
}

/** @example shortPath('counter') → '/s/counter/' */
export function shortPath(location: string): string {
  return `/s/${location}/`;
}

/** An absolute URL as a person types it: no scheme, no trailing slash. @example typedUrl('https://brasa.example/s/counter/') → 'brasa.example/s/counter' */
export function typedUrl(url: string | URL): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname.replace(/\/$/, '')}${parsed.search}`;
}
