import { describe, expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { csvRow, toCsv } from '../../src/domain/csv.ts';

const BOM = '\uFEFF';

describe('toCsv()', () => {
  test('starts with a UTF-8 byte-order mark and ends records with CRLF (RFC 4180)', () => {
    const csv = toCsv(['name', 'city'], [['Begoña', 'Málaga']]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}name,city\r\nBegoña,Málaga\r\n`);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  test('quotes cells with commas, quotes and line breaks, doubling inner quotes', () => {
    expect(toCsv(['a'], [['say "hi", then\nleave']])).toBe(`${BOM}a\r\n"say ""hi"", then\nleave"\r\n`);
  });

  test.each([
    ['=cmd|" /C calc"!A0', `'=cmd|" /C calc"!A0`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
  ])('neutralises a formula-like text cell %j', (cell, expected) => {
    const line = toCsv(['answer'], [[cell]]).split('\r\n')[1]!;
    // The cell may be quoted; unquoted, it must start with the apostrophe.
    expect(line.replace(/^"|"$/g, '').replaceAll('""', '"')).toBe(expected);
  });

  test('keeps numbers (also negative ones), dates as ISO and empty cells empty', () => {
    expect(toCsv(['n', 'm', 'at', 'none', 'ok'], [[-3, 9, new Date('2026-11-26T10:00:00Z'), undefined, true]])).toBe(
      `${BOM}n,m,at,none,ok\r\n-3,9,2026-11-26T10:00:00.000Z,,yes\r\n`,
    );
  });

  const starters = ['=', '+', '-', '@', '\t', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
  const breaks = { LF: '\n', CR: '\r', CRLF: '\r\n' };
  const cases = Object.entries(breaks).flatMap(([kind, lineBreak]) => starters.map((starter) => [kind, starter, lineBreak] as const));

  test.each(cases)('a %s then %j inside a cell stays in that cell, and no line of it starts a formula', (_, starter, lineBreak) => {
    const text = `Fine coffee${lineBreak}${starter}1+1${lineBreak}${lineBreak}${starter}HYPERLINK("x")`;
    const csv = toCsv(['answer', 'after'], [[text, 'next']]);
    const records: string[][] = parse(csv, { bom: true });
    expect(records).toEqual([['answer', 'after'], [expect.any(String), 'next']]);
    const lines = records[1]![0]!.split(/\r\n|\r|\n/);
    expect(lines).toEqual(['Fine coffee', `'${starter}1+1`, '', `'${starter}HYPERLINK("x")`]);
    // A reader that starts a new row at any line break sees no formula either.
    for (const line of csv.split(/\r\n|\r|\n/)) expect(line.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20]/);
  });

  test('csvRow() writes one record, the same as a row of toCsv(), for files written row by row', () => {
    const row = ['Begoña', '=1', 'two\nlines', 4];
    expect(csvRow(row)).toBe('Begoña,\'=1,"two\nlines",4\r\n');
    expect(toCsv(['a', 'b', 'c', 'd'], [row])).toBe(`${BOM}a,b,c,d\r\n${csvRow(row)}`);
  });
});
