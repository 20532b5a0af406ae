/** Months as the shop counts them (`2026-04`), on its clock; the SQL turns them into instants (queries.ts `monthStarts`). */

/** A month of the calendar, `2026-04`. */
export type Month = string;

const isMonth = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The month `by` months after `month` (before, when negative).
 * @example shiftMonth('2026-01', -1) → '2025-12'
 */
export function shiftMonth(month: Month, by: number): Month {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The month the owner asked for (`?month=2026-03`) if it is a month up to `latest`, else `latest`.
 * @example chosenMonth('2026-13', '2026-11') → '2026-11'
 */
export function chosenMonth(wanted: string | null, latest: Month): Month {
  return wanted && isMonth.test(wanted) && wanted <= latest ? wanted : latest;
}
