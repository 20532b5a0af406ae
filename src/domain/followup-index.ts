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

/** The median time from complaint to first contact, in ms; undefined before any contact. */
export function medianTimeToContact(entries: readonly IndexEntry[]): number | undefined {
  const times = entries.flatMap((entry) => (entry.contactedAt ? [Date.parse(entry.contactedAt) - Date.parse(entry.createdAt)] : [])).sort((a, b) => a - b);
  return times.length ? times[Math.floor((times.length - 1) / 2)] : undefined;
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
