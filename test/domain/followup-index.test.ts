import { describe, expect, test } from 'vitest';
import { complaintFigures, contactTimes, listOrder, medianTimeToContact, monthFigures, statusCounts, summariseMonth, type IndexEntry, type MonthSummary } from '../../src/domain/followup-index.ts';
import { pageOf, pageWindow } from '../../src/domain/paging.ts';

const entry = (id: string, status: IndexEntry['status'], createdAt: string, contactedAt: string | null = null): IndexEntry => ({ id, status, createdAt, contactedAt });
const entries = [
  entry('a', 'resolved', '2026-11-01T10:00:00Z', '2026-11-01T12:00:00Z'),
  entry('b', 'contacted', '2026-11-03T10:00:00Z', '2026-11-04T10:00:00Z'),
  entry('c', 'open', '2026-11-02T10:00:00Z'),
  entry('d', 'open', '2026-11-05T10:00:00Z'),
  entry('e', 'contacted', '2026-11-06T10:00:00Z', '2026-11-06T11:00:00Z'),
];

describe('listOrder()', () => {
  test('without a status: everything still to do, open first, newest first within each status', () => {
    expect(listOrder(entries).map((e) => e.id)).toEqual(['d', 'c', 'e', 'b']);
  });

  test('with a status: only that status, newest first', () => {
    expect(listOrder(entries, 'resolved').map((e) => e.id)).toEqual(['a']);
    expect(listOrder(entries, 'contacted').map((e) => e.id)).toEqual(['e', 'b']);
  });
});

describe('statusCounts() and medianTimeToContact()', () => {
  test('counts every status; the median first-contact time of those contacted (2 h, 24 h, 1 h → 2 h)', () => {
    expect(statusCounts(entries)).toEqual({ open: 2, contacted: 2, resolved: 1 });
    expect(medianTimeToContact([contactTimes(entries)])).toBe(2 * 3_600_000);
    expect(medianTimeToContact([])).toBeUndefined();
    expect(medianTimeToContact([contactTimes([entry('x', 'open', '2026-11-01T10:00:00Z')])])).toBeUndefined();
  });

  test('over several months\' histograms, in whole minutes, exact below 1,000 minutes and within 0.5 % above', () => {
    const after = (id: string, minutes: number) => entry(id, 'contacted', '2026-11-01T00:00:00Z', new Date(Date.parse('2026-11-01T00:00:00Z') + minutes * 60_000).toISOString());
    const median = (minutes: number[]) => medianTimeToContact(minutes.map((m, i) => contactTimes([after(`m${i}`, m)])))! / 60_000;
    expect(median([7, 95, 1441, 323, 2890, 61, 4000])).toBe(323);
    expect(median([1807, 1807, 1811])).toBe(1810);
  });

  test('the histogram stays small however many complaints', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => entry(`n${i}`, 'contacted', '2026-11-01T00:00:00Z', new Date(Date.parse('2026-11-01T00:00:00Z') + (1000 + i) * 60_000).toISOString()));
    // 1,000 to 5,999 minutes to three figures: 1000, 1010, … 6000.
    expect(Object.keys(contactTimes(many)).length).toBeLessThanOrEqual(501);
  });
});

describe('summariseMonth()', () => {
  test('counts, contact times and the entries still to do, of the days folded only', () => {
    const summary = summariseMonth(entries, '2026-11-05', 3);
    expect(summary).toMatchObject({ version: 3, through: '2026-11-05', counts: { open: 2, contacted: 1, resolved: 1 } });
    expect(summary.todo.map((e) => e.id).toSorted()).toEqual(['b', 'c', 'd']);
    expect(medianTimeToContact([summary.contactTimes])).toBe(2 * 3_600_000);
    expect(summariseMonth(entries, null, 0).counts).toEqual({ open: 0, contacted: 0, resolved: 0 });
  });
});

describe('pageOf()', () => {
  test.each([
    [1, { items: [1, 2], page: 1, pages: 3, total: 5, first: 1 }],
    [3, { items: [5], page: 3, pages: 3, total: 5, first: 5 }],
    [9, { items: [5], page: 3, pages: 3, total: 5, first: 5 }],
    [0, { items: [1, 2], page: 1, pages: 3, total: 5, first: 1 }],
    [Number.NaN, { items: [1, 2], page: 1, pages: 3, total: 5, first: 1 }],
  ])('page %s of 5 items, 2 a page → %o', (wanted, expected) => {
    expect(pageOf([1, 2, 3, 4, 5], wanted, 2)).toEqual(expected);
  });

  test('pageWindow(): where a page falls in a list read in slices', () => {
    expect(pageWindow(45, 3, 20)).toEqual({ page: 3, pages: 3, total: 45, first: 41, skip: 40 });
    expect(pageWindow(45, 7, 20)).toMatchObject({ page: 3, skip: 40 });
  });

  test('an empty list is one empty page', () => {
    expect(pageOf([], 1, 20)).toEqual({ items: [], page: 1, pages: 1, total: 0, first: 0 });
  });
});

describe('complaintFigures()', () => {
  test('counts a period\'s complaints received and resolved, the ones open now, and the times to first contact of those received', () => {
    const resolved = { ...entry('f', 'resolved', '2026-10-30T10:00:00Z', '2026-10-30T11:00:00Z'), resolvedAt: '2026-11-02T09:00:00Z' };
    const figures = complaintFigures([...entries, resolved], '2026-11-01T00:00:00Z', '2026-11-04T00:00:00Z');
    // Received a, b, c in the period; a contacted after 2 h, b after 24 h.
    expect(figures).toEqual({ received: 3, resolved: 1, openNow: 2, medianHoursToContact: 2, contactedWithinTwoDays: 2 });
  });

  test('a period without complaints has no median', () => {
    expect(complaintFigures(entries, '2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z')).toMatchObject({ received: 0, medianHoursToContact: null, contactedWithinTwoDays: 0 });
  });
});

describe('monthFigures()', () => {
  test('gives the figures complaintFigures() gives over every entry, from the month summaries and the entries of today', () => {
    // Three months of complaints, some contacted hours or days later (whole minutes under 1,000, as the histogram is exact
    // there), some resolved in a later month, and today's (2026-11-26) not yet in any summary.
    let seed = 3;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const all: IndexEntry[] = [];
    for (let i = 0; i < 300; i++) {
      const created = Date.parse('2026-09-01T00:00:00Z') + Math.floor(random() * 86.5 * 86_400_000);
      const contacted = random() < 0.7 ? created + Math.floor(random() * 900) * 60_000 : null;
      const resolved = contacted && random() < 0.6 ? contacted + Math.floor(random() * 40 * 86_400_000) : null;
      const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
      const status = resolved && resolved < Date.parse('2026-11-26T12:00:00Z') ? 'resolved' : contacted ? 'contacted' : 'open';
      all.push({ id: `c${i}`, status, createdAt: iso(created)!, contactedAt: iso(contacted), resolvedAt: status === 'resolved' ? iso(resolved) : null });
    }
    const live = all.filter((e) => e.createdAt >= '2026-11-26');
    const summaries = new Map<string, MonthSummary>(
      [['2026-09', '2026-09-30'], ['2026-10', '2026-10-31'], ['2026-11', '2026-11-25']].map(([month, through]) => [month!, summariseMonth(all.filter((e) => e.createdAt.startsWith(month!)), through!, 1)]),
    );
    for (const month of ['2026-09', '2026-10', '2026-11']) {
      const next = month === '2026-09' ? '2026-10' : month === '2026-10' ? '2026-11' : '2026-12';
      expect({ month, ...monthFigures(summaries, live, month) }).toEqual({ month, ...complaintFigures(all, `${month}-01T00:00:00.000Z`, `${next}-01T00:00:00.000Z`) });
    }
  });
});
