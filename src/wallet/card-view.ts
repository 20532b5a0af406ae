import type { App } from '../app.ts';
import { readProgramme } from '../catalog/loyalty.ts';
import { readSite } from '../catalog/read.ts';
import { cardBalance, cardCode, formatCardNumber, type CardBalance } from '../loyalty/card.ts';
import type { Locale } from '../i18n/locales.ts';
import { cardUrl } from '../print/card-sheet.ts';
import { cardHistory } from '../loyalty/queries.ts';

/** What a wallet pass shows of a card, in one language. */
export interface CardView {
  cardId: string;
  code: string;
  /** The card's page: what the pass's barcode holds. */
  url: string;
  locale: Locale;
  number: string;
  balance: CardBalance;
  programme: string;
  reward: string;
  rules: string;
  shop: string;
  colors: { background: string; ink: string; accent: string };
  /** The card's last stamp or redemption (ISO), or undefined for a new card: when its pass last changed. */
  updatedAt: string | undefined;
}

/**
 * How many stamps a card shows filled: a full card whose reward is not yet redeemed shows every stamp
 * ("8 of 8" next to "a reward is ready"), not an empty card; otherwise the stamps towards the next reward.
 * @example shownStamps(cardBalance(eightStamps, { stampsPerReward: 8 })) → 8
 */
export function shownStamps(balance: Pick<CardBalance, 'progress' | 'ready' | 'stampsPerReward'>): number {
  return balance.progress === 0 && balance.ready > 0 ? balance.stampsPerReward : balance.progress;
}

/** A card as its wallet passes show it, from its event log and the programme. */
export async function cardView(app: App, cardId: string, locale: Locale): Promise<CardView> {
  const programme = readProgramme();
  const events = await cardHistory(app.db, cardId);
  const code = cardCode(app.secret('CARD_SECRET'), cardId);
  return {
    cardId,
    code,
    url: cardUrl(app.config.siteUrl, code),
    locale,
    number: formatCardNumber(cardId),
    balance: cardBalance(events, programme),
    programme: programme.name[locale],
    reward: programme.reward[locale],
    rules: programme.rules[locale],
    shop: readSite().name,
    colors: { background: programme.design.background, ink: programme.design.ink, accent: programme.design.accent },
    updatedAt: events.at(-1)?.at,
  };
}
