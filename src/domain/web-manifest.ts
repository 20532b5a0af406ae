import type { Locale } from '../i18n/locales.ts';

export interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
}

/** The Web App Manifest of the card page `/c/{code}`: start URL and scope are that card, so the icon opens the customer's own. */
export function cardManifest(input: {
  code: string;
  lang: Locale;
  name: string;
  shop: string;
  colors: { primary: string; background: string };
  icons: ManifestIcon[];
}) {
  const page = `/c/${encodeURIComponent(input.code)}`;
  return {
    id: page,
    name: input.name,
    short_name: input.shop.length <= 12 ? input.shop : input.shop.split(/\s+/)[0]!.slice(0, 12),
    lang: input.lang,
    start_url: `${page}?lang=${input.lang}`,
    scope: page,
    display: 'standalone' as const,
    background_color: input.colors.background,
    theme_color: input.colors.primary,
    icons: input.icons,
  };
}
