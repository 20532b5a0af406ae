import { csvBom, csvRow, type Cell } from '../domain/csv.ts';

/** About this many characters are sent per chunk: few enough to keep memory flat, enough to keep the overhead low. */
const CHUNK = 64 * 1024;

/**
 * A CSV file as a stream (format: src/domain/csv.ts), row by row as the source yields them, so memory stays
 * flat and no 6 MB buffered-response limit applies.
 * @example new Response(csvStream(rows()), { headers: { 'content-type': 'text/csv; charset=utf-8' } })
 */
export function csvStream(rows: AsyncIterable<Cell[]>): ReadableStream<Uint8Array> {
  const iterator = rows[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      let text = started ? '' : csvBom;
      started = true;
      while (text.length < CHUNK) {
        const next = await iterator.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += csvRow(next.value);
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
