import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | Date | null | undefined;

/**
 * A CSV file for spreadsheet apps: RFC 4180 (CRLF, double quotes), UTF-8 with a
 * byte-order mark so Excel reads accents right, and every text cell that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with `'`.
 * @example toCsv(['email', 'answer'], [['ana@example.com', '=HYPERLINK("x")']])
 */
export function toCsv(header: string[], rows: Cell[][]): string {
  return stringify([header, ...rows.map((row) => row.map(cellText))], {
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
  });
}

// Dates as ISO 8601 (sortable, unambiguous); numbers stay numbers so negative ones are not "escaped".
function cellText(cell: Cell): string | number {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return cell;
}
