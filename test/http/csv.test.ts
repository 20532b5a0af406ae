import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import type { Cell } from '../../src/domain/csv.ts';
import { csvStream } from '../../src/http/csv.ts';

const decode = (bytes: ArrayBuffer | Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

describe('csvStream()', () => {
  test('the byte-order mark, then one RFC 4180 record per row, quoting and formula rules of csvRow()', async () => {
    async function* rows(): AsyncGenerator<Cell[]> {
      yield ['email', 'answer'];
      yield ['ana@example.com', 'Line one\nline two'];
      yield ['ben@example.com', '=HYPERLINK("x")'];
    }
    // Response.text() would drop the byte-order mark: decode keeping it.
    const text = decode(await new Response(csvStream(rows())).arrayBuffer());
    expect(text.startsWith('\uFEFFemail,answer\r\n')).toBe(true);
    expect(parse(text, { bom: true })).toEqual([['email', 'answer'], ['ana@example.com', 'Line one\nline two'], ['ben@example.com', `'=HYPERLINK("x")`]]);
  });

  test('sends rows as they come: the first chunk of an endless source arrives, and cancelling stops the source', async () => {
    let produced = 0;
    let stopped = false;
    async function* endless(): AsyncGenerator<Cell[]> {
      try {
        for (;;) yield [++produced, 'x'.repeat(100)];
      } finally {
        stopped = true;
      }
    }
    const reader = csvStream(endless()).getReader();
    const first = await reader.read();
    expect(decode(first.value!).startsWith('\uFEFF1,')).toBe(true);
    expect(produced).toBeLessThan(1000);
    await reader.cancel();
    expect(stopped).toBe(true);
  });
});
