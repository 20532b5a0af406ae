import type { FiguresContent } from '../../src/dashboard/content.ts';
import { rungs, type Rung } from '../../src/dashboard/ladder.ts';
import type { ShopRows } from './dashboard-seed.ts';

/**
 * The owner's figures recounted plainly in TypeScript from every row (test/support/dashboard-seed.ts
 * `readRows`), the way a person would count them with the README's rules in hand: the reference the SQL of
 * src/dashboard/ must agree with. Slow and obvious on purpose. Each page has one recount function.
 */

/** Calendar months and days on the shop's clock. */
function clock(timeZone: string) {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone });
  return {
    day: (at: Date) => day.format(at),
    month: (at: Date) => day.format(at).slice(0, 7),
  };
}

/** `2026-01` + -1 → `2025-12` */
export function addMonths(month: string, by: number): string {
  const date = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

const lowerMedian = (values: number[]) => (values.length ? values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) / 2)]! : null);
const share = (part: number, whole: number) => (whole ? (part / whole) * 100 : null);

/** The headline survey's scores over some responses. */
function scores(content: FiguresContent, rows: ShopRows, inPeriod: (at: Date) => boolean) {
  const [survey, rules] = [...content.surveys][0] ?? [];
  const npsId = rules?.questions.find((q) => q.kind === 'nps')?.id;
  const ratingId = rules?.questions.find((q) => q.kind === 'rating')?.id;
  const chosen = rows.responses.filter((response) => response.survey === survey && inPeriod(response.submitted_at));
  const numbers = (id: string | undefined) => chosen.map((response) => (id ? response.answers[id] : undefined)).filter((value): value is number => typeof value === 'number');
  const nps = numbers(npsId);
  const ratings = numbers(ratingId);
  const promoters = nps.filter((score) => score >= 9).length;
  const detractors = nps.filter((score) => score <= 6).length;
  return {
    responses: chosen.length,
    promoters,
    passives: nps.length - promoters - detractors,
    detractors,
    nps: nps.length ? ((promoters - detractors) / nps.length) * 100 : null,
    ratings: ratings.length,
    csat: share(ratings.filter((rating) => rating >= 4).length, ratings.length),
    averageRating: ratings.length ? ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length : null,
  };
}

type State = 'pending' | 'confirmed' | 'unsubscribed';

/**
 * Each subscriber's state before the month `month` started: the latest of its dated steps before then, on a tie
 * the later of signed up, confirmed, unsubscribed, and its last change (which leaves its status).
 */
function subscriberStates(rows: ShopRows, timeZone: string, month: string): Map<string, State> {
  const { month: monthOf } = clock(timeZone);
  const states = new Map<string, State>();
  for (const s of rows.subscribers) {
    const steps: [Date | null, State][] = [[s.subscribed_at, 'pending'], [s.confirmed_at, 'confirmed'], [s.unsubscribed_at, 'unsubscribed'], [s.updated_at, s.status]];
    // Sorting keeps the order above among equal times: the later step wins a tie.
    const latest = steps.filter(([at]) => at !== null && monthOf(at) < month).toSorted(([a], [b]) => a!.getTime() - b!.getTime()).at(-1);
    if (latest) states.set(s.email, latest[1]);
  }
  return states;
}

function stateCounts(states: Map<string, State>): Record<State, number> {
  const counts = { pending: 0, confirmed: 0, unsubscribed: 0 };
  for (const state of states.values()) counts[state] += 1;
  return counts;
}

/**
 * Where everyone known before the month `month` started stands (by rung index): people are addresses across
 * subscribers, card registrations and survey contacts; a card counts for whoever registered it (all its
 * stamps), else as itself.
 */
export function ladderBefore(rows: ShopRows, content: FiguresContent, month: string): Map<string, number> {
  const { month: monthOf, day: dayOf } = clock(content.timeZone);
  const before = (at: Date) => monthOf(at) < month;
  interface Facts {
    subscribed: boolean;
    days: Set<string>;
    stampsPerCard: Map<string, number>;
    nps: { score: number; at: Date; id: string } | undefined;
    clicks: number;
  }
  const people = new Map<string, Facts>();
  const person = (key: string) => {
    if (!people.has(key)) people.set(key, { subscribed: false, days: new Set(), stampsPerCard: new Map(), nps: undefined, clicks: 0 });
    return people.get(key)!;
  };

  for (const [email, state] of subscriberStates(rows, content.timeZone, month)) person(email).subscribed = state === 'confirmed';
  const owner = new Map(rows.card_registrations.map((registration) => [registration.card_id, registration.email]));
  for (const registration of rows.card_registrations) if (before(registration.registered_at)) person(registration.email);
  for (const event of rows.card_events) {
    if (event.type !== 'stamp' || !before(event.at)) continue;
    const facts = person(owner.get(event.card_id) ?? `card ${event.card_id}`);
    facts.days.add(dayOf(event.at));
    facts.stampsPerCard.set(event.card_id, (facts.stampsPerCard.get(event.card_id) ?? 0) + 1);
  }
  for (const response of rows.responses) {
    if (!response.contact_email || !before(response.submitted_at)) continue;
    const facts = person(response.contact_email);
    const npsId = content.surveys.get(response.survey)?.questions.find((q) => q.kind === 'nps')?.id;
    const score = npsId ? response.answers[npsId] : undefined;
    if (typeof score !== 'number') continue;
    const latest = facts.nps;
    const later = !latest || response.submitted_at > latest.at || (response.submitted_at.getTime() === latest.at.getTime() && response.id > latest.id);
    if (later) facts.nps = { score, at: response.submitted_at, id: response.id };
  }
  const contactOf = new Map(rows.responses.map((response) => [response.id, response.contact_email]));
  for (const click of rows.review_clicks) {
    const email = click.response_id ? contactOf.get(click.response_id) : null;
    if (email && before(click.at)) person(email).clicks += 1;
  }

  const placed = new Map<string, number>();
  for (const [key, facts] of people) {
    const nps = facts.nps?.score;
    const cycles = [...facts.stampsPerCard.values()].reduce((sum, stamps) => sum + Math.floor(stamps / content.stampsPerReward), 0);
    const rung: Rung =
      facts.clicks >= 1 && (nps === undefined || nps >= 9) ? 'promoter'
      : nps !== undefined && nps >= 9 ? 'advocate'
      : cycles >= 1 ? 'frequent-client'
      : facts.days.size >= 2 ? 'customer'
      : facts.days.size === 1 ? 'first-time-buyer'
      : facts.subscribed ? 'prospect'
      : 'suspect';
    placed.set(key, rungs.indexOf(rung));
  }
  return placed;
}

function countPerRung(placed: Map<string, number>): Record<Rung, number> {
  const counts = Object.fromEntries(rungs.map((rung) => [rung, 0])) as Record<Rung, number>;
  for (const index of placed.values()) counts[rungs[index]!] += 1;
  return counts;
}

/** The overview (`/admin/`) recounted at `now`. */
export function recountOverview(rows: ShopRows, content: FiguresContent, now: Date) {
  const { month: monthOf } = clock(content.timeZone);
  const month = monthOf(now);
  const inMonth = (at: Date) => monthOf(at) === month;
  return {
    month,
    scores: scores(content, rows, inMonth),
    openComplaints: rows.followups.filter((followup) => followup.status === 'open').length,
    stamps: rows.card_events.filter((event) => event.type === 'stamp' && inMonth(event.at)).length,
    confirmedSubscribers: stateCounts(subscriberStates(rows, content.timeZone, addMonths(month, 1))).confirmed,
    knownPeople: ladderBefore(rows, content, addMonths(month, 1)).size,
  };
}

/** The monthly summary (`/admin/summary/?month=…`) of `month` recounted. */
export function recountSummary(rows: ShopRows, content: FiguresContent, month: string) {
  const { month: monthOf } = clock(content.timeZone);
  const inMonth = (at: Date | null) => at !== null && monthOf(at) === month;
  const previous = addMonths(month, -1);
  const next = addMonths(month, 1);

  const received = rows.followups.filter((followup) => inMonth(followup.created_at));
  const hours = received.flatMap((followup) => (followup.contacted_at ? [(followup.contacted_at.getTime() - followup.created_at.getTime()) / 3_600_000] : []));

  const events = rows.card_events.filter((event) => inMonth(event.at));
  const stampsUpTo = (card: string, last: string) => rows.card_events.filter((event) => event.card_id === card && event.type === 'stamp' && monthOf(event.at) <= last).length;
  const rewardsEarned = [...new Set(rows.card_events.map((event) => event.card_id))].reduce(
    (sum, card) => sum + Math.floor(stampsUpTo(card, month) / content.stampsPerReward) - Math.floor(stampsUpTo(card, previous) / content.stampsPerReward),
    0,
  );

  const sends = rows.newsletter_sends.filter((send) => send.issue === month);
  const providerIds = new Set(sends.flatMap((send) => (send.provider_id ? [send.provider_id] : [])));
  const reported = (event: string) => rows.email_events.filter((e) => e.event === event && providerIds.has(e.provider_id)).length;
  const sent = sends.filter((send) => send.status === 'sent').length;
  const figures = { sent, delivered: reported('delivered'), bounced: reported('bounced'), complained: reported('complained'), opened: reported('opened'), clicked: reported('clicked'), unsubscribed: reported('unsubscribed') };
  const over = (count: number, base: number) => (base > 0 ? count / base : null);

  return {
    month,
    feedback: { survey: [...content.surveys.keys()][0], scores: scores(content, rows, inMonth), previous: scores(content, rows, (at) => monthOf(at) === previous) },
    complaints: {
      received: received.length,
      resolved: rows.followups.filter((followup) => inMonth(followup.resolved_at)).length,
      openNow: rows.followups.filter((followup) => followup.status === 'open').length,
      medianHoursToContact: lowerMedian(hours),
      contactedWithinTwoDays: hours.filter((h) => h <= 48).length,
    },
    loyalty: {
      stamps: events.filter((event) => event.type === 'stamp').length,
      redeemed: events.filter((event) => event.type === 'redeem').length,
      cardsUsed: new Set(events.map((event) => event.card_id)).size,
      rewardsEarned,
      newMembers: rows.card_registrations.filter((registration) => inMonth(registration.registered_at)).length,
      previousStamps: rows.card_events.filter((event) => event.type === 'stamp' && monthOf(event.at) === previous).length,
    },
    newsletter: {
      atStart: stateCounts(subscriberStates(rows, content.timeZone, month)),
      atEnd: stateCounts(subscriberStates(rows, content.timeZone, next)),
      issue: sends.length ? { sent, failed: sends.filter((send) => send.status === 'failed').length } : undefined,
      delivery: sends.length
        ? {
            figures,
            rates: {
              delivered: over(figures.delivered, sent),
              bounced: over(figures.bounced, sent),
              complained: over(figures.complained, figures.delivered),
              opened: over(figures.opened, figures.delivered),
              clicked: over(figures.clicked, figures.delivered),
              unsubscribed: over(figures.unsubscribed, figures.delivered),
            },
          }
        : undefined,
    },
    ladder: { atStart: countPerRung(ladderBefore(rows, content, month)), atEnd: countPerRung(ladderBefore(rows, content, next)) },
  };
}

/** The ladder page (`/admin/ladder/`) recounted at `now`. */
export function recountLadder(rows: ShopRows, content: FiguresContent, now: Date) {
  const thisMonth = clock(content.timeZone).month(now);
  const months = [-5, -4, -3, -2, -1, 0].map((back) => addMonths(thisMonth, back));
  const start = ladderBefore(rows, content, thisMonth);
  const end = ladderBefore(rows, content, addMonths(thisMonth, 1));
  const byRung = Object.fromEntries(rungs.map((rung) => [rung, { arrived: 0, left: 0 }])) as Record<Rung, { arrived: number; left: number }>;
  const movement = { new: 0, up: 0, down: 0, same: 0, byRung };
  for (const [person, to] of end) {
    const from = start.get(person);
    if (from === to) {
      movement.same += 1;
      continue;
    }
    if (from === undefined) movement.new += 1;
    else {
      movement[to > from ? 'up' : 'down'] += 1;
      byRung[rungs[from]!].left += 1;
    }
    byRung[rungs[to]!].arrived += 1;
  }
  const counts = months.map((month) => ({ month, counts: countPerRung(ladderBefore(rows, content, addMonths(month, 1))) }));
  return { months: counts, now: countPerRung(end), lastMonth: countPerRung(start), known: end.size, movement };
}
