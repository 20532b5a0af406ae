import type { Range } from '../dashboard/range.ts';
import type { App } from '../app.ts';
import type { Loyalty } from '../catalog/loyalty.ts';
import { pageWindow, type Page } from '../domain/paging.ts';
import { dayOf, periodsBetween } from '../domain/periods.ts';
import { walletStatus, type WalletStatus } from '../wallet/wallet.ts';
import { cardIdPattern, type CardEventType } from './card.ts';
import {
  activityByPeriod,
  cardRegistration,
  cardsByLastUse,
  digitalAmong,
  historyWithTotals,
  listBatches,
  memberCounts,
  originFigures,
  type Batch,
  type CardRow,
  type OriginFigures,
} from './queries.ts';
import type { Registration } from './registration.ts';

/** Cards shown per page of the owner's table. */
export const CARDS_PER_PAGE = 25;
/** "Active" cards: used within this many days. */
const RECENT_DAYS = 30;

export interface LoyaltyPageView {
  batches: Batch[];
  /** By origin, and both together. */
  totals: Record<'printed' | 'digital' | 'all', OriginFigures>;
  members: { members: number; newsletter: number };
  /** Stamps and redemptions per week or month of the range (the shop's calendar), empty periods as 0. */
  activity: { periods: { start: Date; stamps: number; redeems: number }[]; stamps: number; redeems: number };
  /** The cards in use, the most recently used first. */
  cards: Page<CardRow>;
  /** The card the owner opened (`?card=`), with its history. */
  chosen: { card: string; owner: Registration | undefined; history: { type: CardEventType; at: Date; stamps: number }[] } | undefined;
  wallets: WalletStatus;
}

/**
 * Everything /admin/loyalty/ shows, counted by the database from the records as they are now (a stamp
 * backdated after the last view counts at once).
 */
export async function loyaltyPage(
  app: App,
  input: { programme: Pick<Loyalty, 'stampsPerReward'>; range: Range; timeZone: string; page: number; card: string | null },
): Promise<LoyaltyPageView> {
  const { db } = app;
  const { stampsPerReward } = input.programme;
  const { range } = input;
  const recentSince = new Date(app.now().getTime() - RECENT_DAYS * 86_400_000);
  const chosen = input.card !== null && cardIdPattern.test(input.card) ? input.card : undefined;
  const [batches, figures, members, counted, wallets, history, owner] = await Promise.all([
    listBatches(db),
    originFigures(db, { stampsPerReward, recentSince }),
    memberCounts(db),
    activityByPeriod(db, { from: dayOf(range.from), to: dayOf(range.to), unit: range.unit, timeZone: input.timeZone }),
    walletStatus(app),
    chosen ? historyWithTotals(db, chosen) : [],
    chosen ? cardRegistration(db, chosen) : undefined,
  ]);
  const digitalInWallet = await digitalAmong(db, [...wallets.installs.cards]);
  const printed = { ...figures.printed, inWallet: wallets.installs.cards.size - digitalInWallet };
  const digital = { ...figures.digital, inWallet: digitalInWallet };
  const both = (key: keyof OriginFigures) => printed[key] + digital[key];
  const all = Object.fromEntries(Object.keys(printed).map((key) => [key, both(key as keyof OriginFigures)])) as unknown as OriginFigures;

  const { skip, ...page } = pageWindow(all.inUse, input.page, CARDS_PER_PAGE);
  const items = all.inUse > 0 ? await cardsByLastUse(db, { stampsPerReward, limit: CARDS_PER_PAGE, offset: skip }) : [];

  const byStart = new Map(counted.map((period) => [period.start, period]));
  const periods = periodsBetween(range.from, range.to, range.unit).map((start) => {
    const found = byStart.get(dayOf(start));
    return { start, stamps: found?.stamps ?? 0, redeems: found?.redeems ?? 0 };
  });
  return {
    batches,
    totals: { printed, digital, all },
    members,
    activity: { periods, stamps: periods.reduce((sum, p) => sum + p.stamps, 0), redeems: periods.reduce((sum, p) => sum + p.redeems, 0) },
    cards: { ...page, items },
    chosen: chosen ? { card: chosen, owner, history } : undefined,
    wallets,
  };
}
