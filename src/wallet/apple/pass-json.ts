import { sign } from '../../domain/signing.ts';
import { t } from '../../i18n/strings.ts';
import { shownStamps, type CardView } from '../card-view.ts';

/** '#7a3e12' → 'rgb(122, 62, 18)': the only colour form pass.json accepts. */
export function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The token a device sends back (`Authorization: ApplePass …`) to Apple's web service for one card:
 * derived from CARD_SECRET, so nothing is stored and only the pass's holder knows it.
 */
export function passAuthToken(cardSecret: string, cardId: string): string {
  return sign(cardSecret, `apple-pass:${cardId}`, 32);
}

/**
 * pass.json of a store card: stamps towards the reward, rewards ready and the reward, in the card's
 * language; its QR code is the card's page, so staff scan it as they scan a paper card.
 */
export function passJson(view: CardView, pass: { passTypeId: string; teamId: string; webServiceUrl: string; authToken: string }): Record<string, unknown> {
  const tr = (key: Parameters<typeof t>[1], vars?: Record<string, string | number>) => t(view.locale, key, vars);
  const { balance } = view;
  return {
    formatVersion: 1,
    passTypeIdentifier: pass.passTypeId,
    teamIdentifier: pass.teamId,
    serialNumber: view.cardId,
    authenticationToken: pass.authToken,
    webServiceURL: pass.webServiceUrl,
    organizationName: view.shop,
    description: view.programme,
    logoText: view.shop,
    backgroundColor: rgb(view.colors.background),
    foregroundColor: rgb(view.colors.ink),
    labelColor: rgb(view.colors.accent),
    sharingProhibited: true,
    storeCard: {
      headerFields: [{ key: 'ready', label: tr('wallet.pass.ready'), value: balance.ready, changeMessage: tr('wallet.pass.readyChanged') }],
      primaryFields: [{ key: 'stamps', label: tr('wallet.pass.stamps'), value: tr('wallet.pass.stampsValue', { stamps: shownStamps(balance), total: balance.stampsPerReward }), changeMessage: tr('wallet.pass.stampsChanged') }],
      secondaryFields: [{ key: 'reward', label: tr('wallet.pass.reward'), value: view.reward }],
      auxiliaryFields: [{ key: 'card', label: tr('wallet.pass.card'), value: view.number }],
      backFields: [
        { key: 'rules', label: tr('loyalty.card.rules'), value: view.rules },
        { key: 'totals', label: tr('loyalty.card.history'), value: tr('loyalty.card.totals', { stamps: balance.stamps, redeemed: balance.redeemed }) },
        { key: 'page', label: tr('wallet.pass.page'), value: view.url },
      ],
    },
    barcodes: [{ format: 'PKBarcodeFormatQR', message: view.url, messageEncoding: 'iso-8859-1', altText: view.number }],
  };
}
