import type { App } from '../app.ts';
import { cardShard } from '../domain/card.ts';
import type { Locale } from '../i18n/locales.ts';
import { cardRegistration } from '../services/cards.ts';
import { pushPassUpdate } from './apple/apns.ts';
import { cardView } from './card-view.ts';
import { updateLoyaltyObject } from './google/google-wallet.ts';
import { enqueue, flush, outboxDoc, type Delivery, type OutboxItem } from './outbox.ts';
import { deviceDoc, listWalletCards, walletCard, walletCardsDoc } from './records.ts';
import type { WalletProblem } from './credentials.ts';
import { walletSettings, walletSummaries, type AppleSummary, type GoogleSummary, type WalletSettings } from './settings.ts';

/**
 * The wallets' interface to the rest of the kit:
 * - `walletButtons` for the card page (absent without settings),
 * - `cardChanged`, the one call the stamp and redeem services make after a change,
 * - `retryWalletUpdates` for the scheduled retry, and `walletStatus` for the dashboard.
 */

/** How long one push or update may take: a stamp waits at most this long for the wallets. */
const DELIVERY_TIMEOUT_MS = 3_000;
/** Updates sent per stamp (its own, then older ones that are due). */
const PER_STAMP = 10;

/** The card page's wallet buttons: links to the functions that hand out a pass; none without settings. */
export async function walletButtons(app: App, code: string, lang: Locale): Promise<{ apple?: string; google?: string }> {
  const settings = await walletSettings(app);
  const query = `?lang=${lang}`;
  return {
    ...(settings.apple ? { apple: `/api/wallet/apple/cards/${code}${query}` } : {}),
    ...(settings.google ? { google: `/api/wallet/google/cards/${code}${query}` } : {}),
  };
}

/** The language a card's passes speak: the one it was added in, else its registration's, else English. */
export async function passLocale(app: App, cardId: string): Promise<Locale> {
  return (await walletCard(app, cardId))?.locale ?? (await cardRegistration(app, cardId))?.language ?? 'en';
}

/**
 * After a stamp or a redemption: queue an update for every wallet that holds the card and send what is
 * due. Never throws and never takes longer than one delivery timeout: a wallet problem must not stop a stamp.
 */
export async function cardChanged(app: App, cardId: string): Promise<void> {
  try {
    const settings = await walletSettings(app);
    if (!settings.apple && !settings.google) return;
    const record = await walletCard(app, cardId);
    if (!record) return;
    const targets: Pick<OutboxItem, 'wallet' | 'card' | 'target'>[] = [];
    if (settings.apple) for (const device of Object.keys(record.apple?.devices ?? {})) targets.push({ wallet: 'apple', card: cardId, target: device });
    if (settings.google && record.google) targets.push({ wallet: 'google', card: cardId, target: 'object' });
    await enqueue(app, targets);
    await flush(app, (item) => deliver(app, settings, item), { limit: PER_STAMP });
  } catch (error) {
    console.error('Wallet update failed (the stamp is kept; the update is retried):', error);
  }
}

/** The scheduled retry: sends whatever is due. */
export async function retryWalletUpdates(app: App): Promise<{ sent: number; failed: number }> {
  const settings = await walletSettings(app);
  return flush(app, (item) => deliver(app, settings, item), { limit: 50 });
}

async function deliver(app: App, settings: WalletSettings, item: OutboxItem): Promise<Delivery> {
  const record = await walletCard(app, item.card);
  if (item.wallet === 'apple') {
    const device = record?.apple?.devices[item.target];
    if (!settings.apple || !device) return { ok: false, error: 'The device unregistered', gone: true };
    const result = await pushPassUpdate(settings.apple, device.pushToken, { timeoutMs: DELIVERY_TIMEOUT_MS });
    if (!result.ok && result.gone) await unregisterDevice(app, item.target, item.card);
    return result;
  }
  if (!settings.google) return { ok: false, error: 'Google Wallet is not set up', gone: true };
  const view = await cardView(app, item.card, record?.locale ?? 'en');
  return updateLoyaltyObject(settings.google, view, { now: app.now(), timeoutMs: DELIVERY_TIMEOUT_MS });
}

/** Forgets that a device holds a card's pass (Apple's unregister call, or APNs saying the token is gone). */
export async function unregisterDevice(app: App, device: string, cardId: string): Promise<boolean> {
  const removed = await app.store.update(walletCardsDoc(cardShard(cardId)), (draft) => {
    const devices = draft.cards[cardId]?.apple?.devices;
    if (!devices?.[device]) return false;
    delete devices[device];
    return true;
  });
  await app.store.update(deviceDoc(device), (draft) => {
    draft.serials = draft.serials.filter((serial) => serial !== cardId);
  });
  return removed;
}

export interface WalletStatus {
  apple: boolean;
  google: boolean;
  /** What was uploaded (never a key), and stored settings that no longer work. */
  summaries: { apple: AppleSummary | undefined; google: GoogleSummary | undefined };
  problems: WalletProblem[];
  /** Cards with at least one Apple device registered for updates, and cards saved to Google Wallet. */
  installs: { apple: number; google: number; cards: Set<string> };
  delivered: { apple: number; google: number };
  /** Updates waiting (after a failure) or given up, with their last error. */
  pending: OutboxItem[];
}

/** What the dashboard shows of the wallets. */
export async function walletStatus(app: App): Promise<WalletStatus> {
  const [cards, outbox, settings, summaries] = await Promise.all([listWalletCards(app), app.store.read(outboxDoc), walletSettings(app), walletSummaries(app)]);
  const apple = cards.filter(([, card]) => Object.keys(card.apple?.devices ?? {}).length > 0);
  const google = cards.filter(([, card]) => card.google);
  return {
    apple: Boolean(settings.apple),
    google: Boolean(settings.google),
    summaries,
    problems: settings.problems,
    installs: { apple: apple.length, google: google.length, cards: new Set([...apple, ...google].map(([id]) => id)) },
    delivered: outbox.delivered,
    pending: outbox.items.filter((item) => item.attempts > 0),
  };
}
