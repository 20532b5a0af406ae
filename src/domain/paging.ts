/** Pages of a list: every list the dashboard shows is cut into pages, so no page grows with the data. */
export interface Page<T> {
  items: T[];
  /** 1-based, within 1…pages (an out-of-range request gets the nearest page). */
  page: number;
  pages: number;
  total: number;
  /** The position of the first item shown in the whole list, 1-based (0 when empty). */
  first: number;
}

/**
 * Where page `wanted` of `total` items falls, for a list read in slices: how many items come before it.
 * @example pageWindow(45, 3, 20) → { page: 3, pages: 3, total: 45, first: 41, skip: 40 }
 */
export function pageWindow(total: number, wanted: number, size: number): Omit<Page<never>, 'items'> & { skip: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.trunc(wanted) || 1), pages);
  const skip = (page - 1) * size;
  return { page, pages, total, first: total ? skip + 1 : 0, skip };
}
