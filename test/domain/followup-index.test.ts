import { describe, expect, test } from 'vitest';
import { complaintFigures, listOrder, medianTimeToContact, statusCounts, type IndexEntry } from '../../src/domain/followup-index.ts';
import { pageOf } from '../../src/domain/paging.ts';

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
    expect(medianTimeToContact(entries)).toBe(2 * 3_600_000);
    expect(medianTimeToContact([])).toBeUndefined();
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
