import type { Locale } from '../i18n/locales.ts';

/** A Web App Manifest (W3C) for one card's page: "add to home screen" opens that card, full screen. */
export interface CardManifest {
  id: string;
  name: string;
  short_name: string;
  lang: Locale;
  start_url: string;
  scope: string;
  display: 'standalone';
  background_color: string;
  theme_color: string;
  icons: ManifestIcon[];
}

export interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
}

/** The manifest of the card page `/c/{code}`: start URL and scope are that card, so the icon opens the customer's own. */
export function cardManifest(input: {
  code: string;
  lang: Locale;
  name: string;
  shop: string;
  colors: { primary: string; background: string };
  icons: ManifestIcon[];
}): CardManifest {
  const page = `/c/${encodeURIComponent(input.code)}`;
  return {
    id: page,
    name: input.name,
    short_name: input.shop.length <= 12 ? input.shop : input.shop.split(/\s+/)[0]!.slice(0, 12),
    lang: input.lang,
    start_url: `${page}?lang=${input.lang}`,
    scope: page,
    display: 'standalone',
    background_color: input.colors.background,
    theme_color: input.colors.primary,
    icons: input.icons,
  };
}
