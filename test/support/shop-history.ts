import type { CardEventRow, CardRow, EmailEventRow, FollowupRow, RegistrationRow, ResponseRow, ReviewClickRow, SendRow, ShopRows, SubscriberRow } from './dashboard-seed.ts';

/**
 * Random shop histories for the recount tests: every kind of record the owner's pages count, dated over
 * the months before `now` (many near a month's edge on the shop's clock), arriving in random order in a few
 * writes (a card's stamps often long after their date, as an import or a late sync writes them), with
 * addresses erased between writes. The same seed gives the same history.
 */

/** One write of rows, or the erasure of an address (test/support/dashboard-seed.ts `eraseAddress`). */
export type Step = { write: Partial<ShopRows> } | { erase: string };

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A small seeded generator (mulberry32): deterministic histories. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    chance: (p: number) => next() < p,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    uuid: () => Array.from({ length: 32 }, () => int(16).toString(16)).join('').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-'),
  };
}

/**
 * A history of about `size` survey responses and as many other records, over `days` days before `now`.
 * @example for (const step of randomHistory({ seed: 7, now })) …
 */
export function randomHistory({ seed, now, days = 200, size = 60 }: { seed: number; now: Date; days?: number; size?: number }): Step[] {
  const r = random(seed);
  const end = now.getTime();
  /** A moment in the history: a quarter of them within three hours before some UTC month start (the edge of a month in Europe). */
  const moment = (): Date => {
    const plain = end - r.int(days * DAY);
    if (!r.chance(0.25)) return new Date(plain);
    const month = new Date(plain);
    const edge = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1) - r.int(3 * HOUR);
    return new Date(Math.min(edge, end));
  };
  const later = (from: Date, within: number) => new Date(Math.min(end, from.getTime() + r.int(within)));
  const people = Array.from({ length: Math.ceil(size / 3) }, (_, i) => `p${i}@example.com`);
  const batches = 4;
  const out: ShopRows[] = Array.from({ length: batches }, () => ({
    responses: [],
    followups: [],
    review_clicks: [],
    cards: [],
    card_events: [],
    card_registrations: [],
    subscribers: [],
    newsletter_sends: [],
    email_events: [],
  }));
  /** A batch at or after `first` (a row never arrives before the row it refers to). */
  const batch = (first = 0) => out[first + r.int(batches - first)]!;
  const batchIndex = (first = 0) => first + r.int(batches - first);

  // Survey responses, some to a survey the content no longer has; complaints with their follow-up; review clicks.
  for (let i = 0; i < size; i++) {
    const submitted = moment();
    const nps = r.chance(0.8) ? r.int(11) : undefined;
    const overall = r.chance(0.85) ? 1 + r.int(5) : undefined;
    const answers: Record<string, unknown> = {};
    // A score stored as text is not a score (the form stores numbers): it must not count.
    if (nps !== undefined) answers.nps = r.chance(0.05) ? String(nps) : nps;
    if (overall !== undefined) answers.overall = overall;
    if (r.chance(0.3)) answers.wrong = 'Cold coffee';
    const complaint = (nps !== undefined && nps <= 6) || (overall !== undefined && overall <= 2);
    const response: ResponseRow = {
      id: r.uuid(),
      survey: r.chance(0.9) ? 'feedback' : 'retired',
      locale: r.pick(['en', 'es']),
      answers,
      submitted_at: submitted,
      complaint,
      contact_email: r.chance(0.5) ? r.pick(people) : null,
    };
    const first = batchIndex();
    out[first]!.responses.push(response);
    if (complaint) {
      const status = r.pick(['open', 'contacted', 'resolved'] as const);
      const contacted = status === 'open' && r.chance(0.7) ? null : later(submitted, 96 * HOUR);
      const followup: FollowupRow = {
        response_id: response.id,
        reasons: ['low-nps'],
        status,
        created_at: submitted,
        contacted_at: contacted,
        resolved_at: status === 'resolved' ? later(contacted ?? submitted, 10 * DAY) : null,
      };
      batch(first).followups.push(followup);
    }
    if (r.chance(0.25)) batch(first).review_clicks.push({ at: later(submitted, 2 * HOUR), response_id: response.id } satisfies ReviewClickRow);
  }
  for (let i = 0; i < size / 10; i++) out[r.int(batches)]!.review_clicks.push({ at: moment(), response_id: null });

  // Cards: stamps and redemptions dated at random, so each card's n-th stamp (seq) is rarely its n-th in time;
  // some registered, before or after their first stamps, to an address that may also subscribe or answer.
  for (let c = 0; c < size / 4; c++) {
    const id = `K${seed}x${c}`;
    const events: CardEventRow[] = [];
    const stamps = r.int(14);
    for (let n = 1; n <= stamps; n++) events.push({ card_id: id, type: 'stamp', seq: n, at: moment(), idempotency_key: `s${n}` });
    for (let n = 1; n <= r.int(2); n++) events.push({ card_id: id, type: 'redeem', seq: n, at: moment(), idempotency_key: `r${n}` });
    const registered = r.chance(0.6) ? moment() : undefined;
    const firstUse = [...events.map((e) => e.at), ...(registered ? [registered] : [])].sort((a, b) => a.getTime() - b.getTime())[0];
    if (!firstUse) continue;
    const first = batchIndex();
    out[first]!.cards.push({ id, origin: r.pick(['printed', 'digital']), created_at: firstUse } satisfies CardRow);
    for (const event of events) batch(first).card_events.push(event);
    if (registered) {
      const registration: RegistrationRow = { card_id: id, name: `Customer ${c}`, email: r.pick(people), locale: 'en', newsletter: r.chance(0.5), registered_at: registered, updated_at: later(registered, 30 * DAY) };
      batch(first).card_registrations.push(registration);
    }
  }

  // Subscribers in every state, some imported with their consent dated earlier, some back after leaving.
  for (const email of people) {
    if (!r.chance(0.6)) continue;
    const signed = moment();
    const kind = r.pick(['pending', 'confirmed', 'left', 'back', 'imported', 'unsubscribed-unknown'] as const);
    const confirmed = later(signed, 2 * DAY);
    const left = later(confirmed, 40 * DAY);
    const back = later(left, 20 * DAY);
    const row: SubscriberRow = {
      email,
      status: 'pending',
      locale: r.pick(['en', 'es']),
      source: 'footer',
      subscribed_at: signed,
      confirmed_at: null,
      unsubscribed_at: null,
      updated_at: signed,
      consent_at: null,
    };
    if (kind === 'confirmed') Object.assign(row, { status: 'confirmed', confirmed_at: confirmed, updated_at: confirmed });
    if (kind === 'left') Object.assign(row, { status: 'unsubscribed', confirmed_at: confirmed, unsubscribed_at: left, updated_at: left });
    if (kind === 'back') Object.assign(row, { status: 'pending', confirmed_at: confirmed, unsubscribed_at: left, subscribed_at: back, updated_at: back });
    if (kind === 'imported') Object.assign(row, { status: 'confirmed', source: 'import', consent_at: signed, confirmed_at: confirmed, updated_at: confirmed });
    if (kind === 'unsubscribed-unknown') Object.assign(row, { status: 'unsubscribed', unsubscribed_at: signed });
    // A later change that is not a step (a new language): the dates alone tell the state until then.
    if (r.chance(0.4)) row.updated_at = later(row.updated_at, 60 * DAY);
    batch().subscribers.push(row);
  }

  // Newsletter issues: one send per address, with what the provider reported of the sent ones.
  const issues = [...new Set(Array.from({ length: 3 }, () => moment().toISOString().slice(0, 7)))];
  for (const issue of issues) {
    for (const email of people.filter(() => r.chance(0.3))) {
      const status = r.pick(['sent', 'sent', 'sent', 'failed', 'sending'] as const);
      const providerId = status === 'sent' ? `msg-${issue}-${email}` : null;
      const claimed = moment();
      const send: SendRow = { issue, email, locale: 'en', status, batch_key: `${issue}-b`, claimed_at: claimed, sent_at: providerId ? claimed : null, provider_id: providerId };
      batch().newsletter_sends.push(send);
      if (!providerId) continue;
      for (const event of ['delivered', 'bounced', 'complained', 'opened', 'clicked', 'unsubscribed'] as const) {
        if (r.chance(event === 'delivered' ? 0.8 : 0.25)) batch().email_events.push({ provider_id: providerId, event, at: later(claimed, DAY) } satisfies EmailEventRow);
      }
    }
  }

  return out.flatMap((write, index) => [{ write }, ...(index < batches - 1 && r.chance(0.7) ? [{ erase: r.pick(people) }] : [])]);
}
