import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | Date | null | undefined;

/** The UTF-8 byte-order mark that makes Excel read accents right; a CSV file starts with it. */
export const csvBom = '\uFEFF';

/**
 * One CSV record (RFC 4180, CRLF). A field holding a CR or LF is quoted, so no reader splits it; a text a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR, full-width forms) gets a leading `'`, also after each line break.
 * @example csvRow(['ana@example.com', '=HYPERLINK("x")']) // 'ana@example.com,\'=HYPERLINK("x")\r\n'
 */
export function csvRow(row: Cell[]): string {
  return stringify([row.map(cellText)], {
    record_delimiter: 'windows',
    escape_formulas: true,
    // csv-stringify quotes only CRLF by itself; a bare CR or LF also ends a row for many readers.
    quoted_match: /[\r\n]/,
  });
}

/** A whole CSV file for spreadsheet apps: the byte-order mark, the header, then one `csvRow()` per row. */
export function toCsv(header: string[], rows: Cell[][]): string {
  return csvBom + csvRow(header) + rows.map(csvRow).join('');
}

// A formula starter right after a line break: readers that show each line of a cell, or that split
// rows on a bare CR, would otherwise run it.
const formulaAfterBreak = /(\r\n|\r|\n)(?=[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20])/g;

// Dates as ISO 8601 (sortable, unambiguous); numbers stay numbers so negative ones are not "escaped".
function cellText(cell: Cell): string | number {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  if (typeof cell === 'number') return cell;
  return cell.replace(formulaAfterBreak, "$1'");
}
