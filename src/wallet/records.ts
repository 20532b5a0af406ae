import { z } from 'zod';
import type { App } from '../app.ts';
import { cardIdPattern, cardShard } from '../domain/card.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { defineDoc } from '../store/store.ts';

/**
 * What the wallets need to remember, in the store:
 *
 *   wallet/cards/{shard}       { cards: { [cardId]: WalletCard } }   the card's pass language and where it is installed
 *   wallet/devices/{device}    { serials: string[] }                 the cards an Apple device registered for updates
 *   wallet/outbox              pushes and updates still to deliver, and counts of those delivered
 */

export const deviceIdPattern = /^[A-Za-z0-9]{8,64}$/;

const walletCardSchema = z.object({
  /** The language of the card's passes: the one the customer added the pass in. */
  locale: z.enum(locales),
  apple: z
    .object({
      addedAt: z.iso.datetime(),
      /** Devices registered for updates (Apple's web service): their push tokens. */
      devices: z.record(z.string().regex(deviceIdPattern), z.object({ pushToken: z.string().regex(/^[0-9A-Za-z]{8,200}$/), registeredAt: z.iso.datetime() })),
    })
    .optional(),
  /** When the customer opened the "Save to Google Wallet" link: Google then holds a loyalty object for the card. */
  google: z.object({ savedAt: z.iso.datetime() }).optional(),
});
export type WalletCard = z.infer<typeof walletCardSchema>;

export const walletCardsDoc = (shard: string) =>
  defineDoc(`wallet/cards/${shard}`, z.object({ cards: z.record(z.string().regex(cardIdPattern), walletCardSchema) }), () => ({ cards: {} }));

export const deviceDoc = (device: string) => defineDoc(`wallet/devices/${device}`, z.object({ serials: z.array(z.string().regex(cardIdPattern)) }), () => ({ serials: [] }));

/** A card's wallet record, if it was ever added to a wallet. */
export async function walletCard(app: App, cardId: string): Promise<WalletCard | undefined> {
  return (await app.store.read(walletCardsDoc(cardShard(cardId)))).cards[cardId];
}

/** Records that the card was added to a wallet in `locale` (a download of the pass, or the Google save link). */
export async function markAdded(app: App, cardId: string, wallet: 'apple' | 'google', locale: Locale): Promise<void> {
  const at = app.now().toISOString();
  await app.store.update(walletCardsDoc(cardShard(cardId)), (draft) => {
    const card = (draft.cards[cardId] ??= { locale });
    card.locale = locale;
    if (wallet === 'apple') card.apple ??= { addedAt: at, devices: {} };
    else card.google ??= { savedAt: at };
  });
}

/** Every card's wallet record: the dashboard's install counts. */
export async function listWalletCards(app: App): Promise<[string, WalletCard][]> {
  const keys = await app.store.keys('wallet/cards/');
  const docs = await Promise.all(keys.map((key) => app.store.read(walletCardsDoc(key.split('/').pop()!))));
  return docs.flatMap((doc) => Object.entries(doc.cards));
}
