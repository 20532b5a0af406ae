import type { FollowupStatus } from '../services/responses.ts';

/**
 * The follow-up list's index: what the list needs to count, order and page
 * complaints without reading them all. Pure.
 */
export interface IndexEntry {
  id: string;
  status: FollowupStatus;
  /** ISO date-times. */
  createdAt: string;
  contactedAt: string | null;
  /** Absent in entries indexed before it was kept. */
  resolvedAt?: string | null | undefined;
}

const rank: Record<FollowupStatus, number> = { open: 0, contacted: 1, resolved: 2 };

/**
 * The entries a tab shows, in order: one status, newest first; or, with no
 * status, everything still to do, open ones first, newest first within each.
 * @example listOrder(entries) → [open (newest … oldest), contacted (newest … oldest)]
 */
export function listOrder(entries: readonly IndexEntry[], status?: FollowupStatus): IndexEntry[] {
  return entries
    .filter((entry) => (status ? entry.status === status : entry.status !== 'resolved'))
    .sort((a, b) => rank[a.status] - rank[b.status] || b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/** How many follow-ups stand in each status. */
export function statusCounts(entries: readonly IndexEntry[]): Record<FollowupStatus, number> {
  const counts: Record<FollowupStatus, number> = { open: 0, contacted: 0, resolved: 0 };
  for (const entry of entries) counts[entry.status] += 1;
  return counts;
}

/**
 * Times to first contact as a histogram whose size does not grow with the
 * number of complaints: minutes to three significant figures (5 h 23 min is
 * 323, 30 h 7 min is 1,810), within 0.5 %, at most 900 buckets per tenfold range.
 */
export type ContactTimes = Record<string, number>;

const bucketOf = (ms: number) => {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return String(minutes < 1000 ? minutes : Number(minutes.toPrecision(3)));
};

/** The contact times of entries, bucketed. */
export function contactTimes(entries: readonly IndexEntry[]): ContactTimes {
  const times: ContactTimes = {};
  for (const entry of entries) {
    if (!entry.contactedAt) continue;
    const bucket = bucketOf(Date.parse(entry.contactedAt) - Date.parse(entry.createdAt));
    times[bucket] = (times[bucket] ?? 0) + 1;
  }
  return times;
}

/**
 * The median time to first contact over several histograms, in ms (whole
 * minutes, within 0.5 % of the exact median); undefined before any contact.
 * @example medianTimeToContact([contactTimes(entries)]) → 7_200_000 (2 h)
 */
export function medianTimeToContact(histograms: readonly ContactTimes[]): number | undefined {
  const merged = new Map<number, number>();
  for (const histogram of histograms) for (const [bucket, count] of Object.entries(histogram)) merged.set(Number(bucket), (merged.get(Number(bucket)) ?? 0) + count);
  const total = [...merged.values()].reduce((sum, count) => sum + count, 0);
  if (!total) return undefined;
  // The lower median, as a sorted list's element (total - 1) / 2.
  let seen = 0;
  for (const bucket of [...merged.keys()].sort((a, b) => a - b)) {
    seen += merged.get(bucket)!;
    if (seen > Math.floor((total - 1) / 2)) return bucket * 60_000;
  }
  return undefined;
}

/**
 * What the follow-up list needs of one month's closed days, so the list never
 * reads a month's whole index again: counts, contact times and the entries
 * still to do (open or contacted), which stay few however long the history.
 */
export interface MonthSummary {
  /** The index document's version this was taken from (a newer one replaces it). */
  version: number;
  /** The last day folded (the entries counted are those created up to it). */
  through: string | null;
  counts: Record<FollowupStatus, number>;
  contactTimes: ContactTimes;
  todo: IndexEntry[];
  /** How many of the month's complaints were resolved in each month (`2026-11` → 3); absent in summaries written before it was kept. */
  resolvedIn?: Record<string, number> | undefined;
}

/**
 * The summary of a month's index: only entries of days up to `through` (later
 * ones are read from their records while their day is open).
 * @example summariseMonth(entries, '2026-11-25', 7) → { version: 7, through: '2026-11-25', counts: { open: 2, … }, … }
 */
export function summariseMonth(entries: readonly IndexEntry[], through: string | null, version: number): MonthSummary {
  const closed = through === null ? [] : entries.filter((entry) => entry.createdAt.slice(0, 10) <= through);
  const resolvedIn: Record<string, number> = {};
  for (const entry of closed) if (entry.status === 'resolved' && entry.resolvedAt) resolvedIn[entry.resolvedAt.slice(0, 7)] = (resolvedIn[entry.resolvedAt.slice(0, 7)] ?? 0) + 1;
  return { version, through, counts: statusCounts(closed), contactTimes: contactTimes(closed), todo: closed.filter((entry) => entry.status !== 'resolved'), resolvedIn };
}

export interface ComplaintFigures {
  received: number;
  resolved: number;
  openNow: number;
  /** Over the complaints received in the period and contacted since. */
  medianHoursToContact: number | null;
  contactedWithinTwoDays: number;
}

/**
 * A period's complaint figures (`from` inclusive, `to` exclusive, ISO strings).
 * @example complaintFigures(entries, '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z') → { received: 4, resolved: 2, openNow: 1, … }
 */
export function complaintFigures(entries: readonly IndexEntry[], from: string, to: string): ComplaintFigures {
  const within = (iso: string | null | undefined) => !!iso && iso >= from && iso < to;
  const hours = entries
    .filter((entry) => within(entry.createdAt) && entry.contactedAt)
    .map((entry) => (Date.parse(entry.contactedAt!) - Date.parse(entry.createdAt)) / 3_600_000)
    .sort((a, b) => a - b);
  return {
    received: entries.filter((entry) => within(entry.createdAt)).length,
    resolved: entries.filter((entry) => within(entry.resolvedAt)).length,
    openNow: entries.filter((entry) => entry.status === 'open').length,
    medianHoursToContact: hours.length ? hours[Math.floor((hours.length - 1) / 2)]! : null,
    contactedWithinTwoDays: hours.filter((h) => h <= 48).length,
  };
}

/**
 * A month's complaint figures from every month's summary and the entries of
 * the days still open (which no summary holds yet): the same figures as
 * complaintFigures() over every entry, without reading them. The median is
 * the histogram's (within 0.5 %).
 * @example monthFigures(summaries, todaysEntries, '2026-11')
 */
export function monthFigures(summaries: ReadonlyMap<string, MonthSummary>, live: readonly IndexEntry[], month: string): ComplaintFigures {
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString();
  const today = complaintFigures(live, `${month}-01T00:00:00.000Z`, next);
  const own = summaries.get(month);
  const times = [contactTimes(live.filter((entry) => entry.createdAt.slice(0, 7) === month)), ...(own ? [own.contactTimes] : [])];
  const median = medianTimeToContact(times);
  const sum = (count: (summary: MonthSummary) => number) => [...summaries.values()].reduce((total, summary) => total + count(summary), 0);
  return {
    received: today.received + (own ? own.counts.open + own.counts.contacted + own.counts.resolved : 0),
    resolved: today.resolved + sum((summary) => summary.resolvedIn?.[month] ?? 0),
    openNow: today.openNow + sum((summary) => summary.counts.open),
    medianHoursToContact: median === undefined ? null : median / 3_600_000,
    contactedWithinTwoDays: times.reduce((total, histogram) => total + Object.entries(histogram).reduce((within, [minutes, count]) => within + (Number(minutes) <= 48 * 60 ? count : 0), 0), 0),
  };
}
