import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cardIdFromBytes, cardShard, type CardEvent } from '../../../src/domain/card.ts';
import { cardDayDoc, ledgerDoc, registrationsDoc, type Registration } from '../../../src/services/cards.ts';
import { subscriberDoc, type Subscriber } from '../../../src/services/newsletter-store.ts';
import { newRecordId } from '../../../src/services/records.ts';
import { followupDoc, responseDoc, type Followup, type SurveyResponse } from '../../../src/services/responses.ts';
import type { MemoryBlobs } from '../../../src/store/memory-blobs.ts';

/** Writes one document in the store's own format (its key and JSON value). */
export type Put = (key: string, value: unknown) => Promise<void>;

/** Straight to the file store's files: through the store's lock, 100k records would take minutes. */
export const filePut =
  (dataDir: string): Put =>
  async (key, value) => {
    const path = join(dataDir, 'store', `${key}.json`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(value));
  };

export const blobsPut =
  (blobs: MemoryBlobs): Put =>
  async (key, value) =>
    void (await blobs.setJSON(key, value));

export interface Seeded {
  responses: number;
  complaints: number;
  cards: number;
  stamps: number;
  registrations: number;
  subscribers: number;
}

const DAY = 86_400_000;

/**
 * A shop's history up to `now`, in the store's own documents: `responses`
 * survey responses spread over `years` (one in ten a complaint with its
 * follow-up, one in five leaving an address), a card per ten responses with
 * up to ten weekly stamps each (a reward redeemed on every full card),
 * half of the cards registered, and a subscriber per two responses.
 */
export async function seedShop(put: Put, options: { responses: number; years: number; now: Date }): Promise<Seeded> {
  const { responses: size, years, now } = options;
  const span = years * 365 * DAY;
  const at = (i: number, of: number) => new Date(now.getTime() - span + Math.floor(((i + 0.5) / of) * (span - DAY)));
  const writes: (() => Promise<void>)[] = [];
  let complaints = 0;
  for (let i = 0; i < size; i++) {
    const when = at(i, size);
    const complaint = i % 10 === 3;
    const email = i % 5 === 0 ? `customer${i % Math.max(1, Math.floor(size / 10))}@example.com` : undefined;
    const response: SurveyResponse = {
      id: newRecordId(when), survey: 'feedback', locale: i % 3 === 0 ? 'es' : 'en', location: i % 2 ? 'counter' : 'tables', product: null,
      answers: complaint ? { overall: 2, nps: 3, wrong: 'Slow service' } : { overall: 4 + (i % 2), nps: 7 + (i % 4), liked: ['taste'] },
      submittedAt: when.toISOString(), complaint, ...(email ? { contact: { email, name: `Customer ${i}`, language: 'en' as const } } : {}),
    };
    writes.push(() => put(responseDoc(response.id)!.key, response));
    if (complaint) {
      complaints++;
      const old = now.getTime() - when.getTime() > 7 * DAY;
      const followup: Followup = {
        id: response.id, responseId: response.id, survey: 'feedback', locale: response.locale, location: response.location, product: null,
        reasons: [{ kind: 'nps', question: 'nps', score: 3 }], ...(response.contact ? { contact: response.contact } : {}),
        status: old ? 'resolved' : 'open', notes: [], createdAt: response.submittedAt,
        contactedAt: old ? new Date(when.getTime() + 5 * 3_600_000).toISOString() : null,
        resolvedAt: old ? new Date(when.getTime() + 30 * 3_600_000).toISOString() : null, emailedAt: null,
      };
      writes.push(() => put(followupDoc(followup.id)!.key, followup));
    }
  }

  const cards = Math.max(1, Math.floor(size / 10));
  let stamps = 0;
  const registrations = new Map<string, Registration[]>();
  for (let card = 0; card < cards; card++) {
    const id = cardIdFromBytes(Buffer.from(String(card).padStart(8, '0')));
    // Ten visits over the span, a week apart from the card's first; the eighth fills the card, redeemed the same day.
    const first = at(card, cards).getTime() - 70 * DAY;
    const events: CardEvent[] = [];
    for (let visit = 0; visit < 10; visit++) {
      const when = new Date(Math.max(now.getTime() - span, first) + visit * 7 * DAY);
      if (when > now) break;
      events.push({ card: id, type: 'stamp', at: when.toISOString(), key: `seed-${card}-${visit}` });
      stamps++;
      if (visit === 7) events.push({ card: id, type: 'redeem', at: new Date(when.getTime() + 60_000).toISOString(), key: `seed-${card}-redeem` });
    }
    writes.push(() => put(ledgerDoc(id).key, { events }));
    for (const event of events) writes.push(() => put(cardDayDoc(event).key, event));
    if (card % 2 === 0 && events[0]) {
      const shard = cardShard(id);
      const list = registrations.get(shard) ?? [];
      list.push({ card: id, name: `Member ${card}`, email: `member${card}@example.com`, birthday: null, language: 'en', newsletter: false, registeredAt: events[0].at, updatedAt: events[0].at });
      registrations.set(shard, list);
    }
  }
  for (const [shard, list] of registrations) writes.push(() => put(registrationsDoc(shard).key, { registrations: list }));

  const subscribers = Math.floor(size / 2);
  for (let i = 0; i < subscribers; i++) {
    const when = at(i, subscribers).toISOString();
    const email = `reader${i}@example.com`;
    const subscriber: Subscriber = {
      email, status: i % 20 === 0 ? 'unsubscribed' : 'confirmed', locale: i % 3 === 0 ? 'es' : 'en', source: 'footer', subscribedAt: when, confirmedAt: when, updatedAt: when,
      ...(i % 20 === 0 ? { unsubscribedAt: when } : {}),
    };
    writes.push(() => put(subscriberDoc(email).key, { subscriber }));
  }

  for (let i = 0; i < writes.length; i += 64) await Promise.all(writes.slice(i, i + 64).map((write) => write()));
  return { responses: size, complaints, cards, stamps, registrations: [...registrations.values()].reduce((sum, list) => sum + list.length, 0), subscribers };
}
