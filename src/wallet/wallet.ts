import type { App } from '../app.ts';
import type { Locale } from '../i18n/locales.ts';
import { pushPassUpdate } from './apple/apns.ts';
import { cardView } from './card-view.ts';
import type { WalletProblem } from './credentials.ts';
import { updateLoyaltyObject } from './google/google-wallet.ts';
import { flush, type Delivery } from './outbox.ts';
import { cardsInWallets, deliveredCounts, installs, pushToken, queueUpdates, troubledUpdates, unregisterDevice, type WalletUpdate } from './queries.ts';
import { passLocale } from './records.ts';
import { walletSettings, walletSummaries, type AppleSummary, type GoogleSummary, type WalletSettings } from './settings.ts';

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

/**
 * After a stamp or a redemption: queue an update for every wallet that holds the card and send what is
 * due. Never throws and never takes longer than one delivery timeout: a wallet problem must not stop a stamp.
 */
export async function cardChanged(app: App, cardId: string): Promise<void> {
  try {
    const settings = await walletSettings(app);
    if (!settings.apple && !settings.google) return;
    await queueUpdates(app.db, cardId, { apple: Boolean(settings.apple), google: Boolean(settings.google) }, app.now());
    await flush(app, (update) => deliver(app, settings, update), { limit: PER_STAMP });
  } catch (error) {
    console.error('Wallet update failed (the stamp is kept; the update is retried):', error);
  }
}

/** The scheduled retry: sends whatever is due. */
export async function retryWalletUpdates(app: App): Promise<{ sent: number; failed: number }> {
  const settings = await walletSettings(app);
  return flush(app, (item) => deliver(app, settings, item), { limit: 50 });
}

async function deliver(app: App, settings: WalletSettings, update: WalletUpdate): Promise<Delivery> {
  if (update.wallet === 'apple') {
    const token = await pushToken(app.db, update.target, update.card);
    if (!settings.apple || !token) return { ok: false, error: 'The device unregistered', gone: true };
    const result = await pushPassUpdate(settings.apple, token, { timeoutMs: DELIVERY_TIMEOUT_MS });
    if (!result.ok && result.gone) await unregisterDevice(app.db, update.target, update.card);
    return result;
  }
  if (!settings.google) return { ok: false, error: 'Google Wallet is not set up', gone: true };
  const view = await cardView(app, update.card, await passLocale(app, update.card, 'google'));
  return updateLoyaltyObject(settings.google, view, { now: app.now(), timeoutMs: DELIVERY_TIMEOUT_MS });
}

/** How many updates waiting after a failure, or given up, the dashboard lists. */
const TROUBLED_SHOWN = 50;

export interface WalletStatus {
  apple: boolean;
  google: boolean;
  /** What was uploaded (never a key), and stored settings that no longer work. */
  summaries: { apple: AppleSummary | undefined; google: GoogleSummary | undefined };
  problems: WalletProblem[];
  /** Cards with at least one Apple device registered for updates, and cards saved to Google Wallet. */
  installs: { apple: number; google: number; cards: Set<string> };
  delivered: { apple: number; google: number };
  /** Updates waiting (after a failure) or given up, with their last error: the first TROUBLED_SHOWN. */
  pending: WalletUpdate[];
}

/** What the dashboard shows of the wallets: counts are queries over the wallet tables. */
export async function walletStatus(app: App): Promise<WalletStatus> {
  const [installed, cards, delivered, pending, settings, summaries] = await Promise.all([
    installs(app.db),
    cardsInWallets(app.db),
    deliveredCounts(app.db),
    troubledUpdates(app.db, TROUBLED_SHOWN),
    walletSettings(app),
    walletSummaries(app),
  ]);
  return { apple: Boolean(settings.apple), google: Boolean(settings.google), summaries, problems: settings.problems, installs: { ...installed, cards }, delivered, pending };
}
