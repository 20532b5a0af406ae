import { describe, expect, test } from 'vitest';
import { excerpt, formatDuration, periodLabel } from '../../src/dashboard/format.ts';

describe('formatDuration()', () => {
  test.each([
    ['en', 0, '0 minutes'],
    ['en', 45 * 60_000, '45 minutes'],
    ['en', 60 * 60_000, '1 hour'],
    ['es', 90 * 60_000, '1 hora, 30 minutos'],
    ['en', 2 * 86_400_000 + 3 * 3_600_000 + 59_000, '2 days, 3 hours'],
  ] as const)('%s %i ms → %s', (lang, ms, text) => {
    expect(formatDuration(lang, ms)).toBe(text);
  });
});

describe('periodLabel()', () => {
  test('a week by its Monday, a month with its year, in the owner\'s language', () => {
    expect(periodLabel('en', new Date('2026-11-23T00:00:00Z'), 'week')).toBe('23 Nov');
    expect(periodLabel('es', new Date('2026-11-01T00:00:00Z'), 'month')).toBe('nov 2026');
  });
});

describe('excerpt()', () => {
  test('a short text stays whole; a long one is cut at a word before the limit, with "…"', () => {
    expect(excerpt('Cold coffee')).toBe('Cold coffee');
    const long = 'The milk was burnt and nobody cared. '.repeat(20);
    const cut = excerpt(long, 100);
    expect(cut.length).toBeLessThanOrEqual(101);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(cut.at(-2)).not.toBe(' ');
  });

  test('one long word is cut at the limit', () => {
    expect(excerpt('x'.repeat(500), 280)).toBe(`${'x'.repeat(280)}…`);
  });
});
