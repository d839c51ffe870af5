import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from './neutralise.js';

/** A CSV download: its file name and its body, streamed. */
export interface TCsvExport {
  filename: string;
  body: ReadableStream<Uint8Array>;
}

/** A row of cells as the database gave them; `cellText` decides how each is written. */
export type TCsvRow = readonly unknown[];

// Excel reads a UTF-8 CSV as the local code page unless it starts with a byte order mark.
const BOM = '\uFEFF';
// RFC 4180's CRLF; a field holding any line break at all is quoted, whatever the delimiter.
const STRINGIFY_OPTIONS = { record_delimiter: 'windows', quote_record_delimiter: true } as const;

/** The text of one cell: '' for null, ISO 8601 for dates, JSON for objects and arrays. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** CSV text for `rows`, every cell neutralised against formula injection. */
export function csvText(rows: readonly TCsvRow[]): string {
  return stringify(
    rows.map((row) => row.map((cell) => neutraliseCell(cellText(cell)))),
    STRINGIFY_OPTIONS,
  );
}

/**
 * A CSV body written page by page: the header at once, then each page as the reader asks
 * for it, so an export of 100k rows holds one page in memory. The status and headers are
 * sent before the first page is read: a failure later can only cut the body short, so it is
 * reported to `onError` and the stream is errored (the client sees an aborted download).
 */
export function csvStream(
  header: readonly string[],
  pages: AsyncIterable<readonly TCsvRow[]>,
  onError: (error: unknown) => void,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(BOM + csvText([header])));
    },
    async pull(controller) {
      try {
        // Skip empty pages: a pull that enqueues nothing is never followed by another one.
        for (;;) {
          const next = await iterator.next();
          if (next.done) return controller.close();
          if (next.value.length > 0) return controller.enqueue(encoder.encode(csvText(next.value)));
        }
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * Pages of a keyset-paginated query: `fetchPage(after)` returns up to `pageSize` rows after
 * the key of the previous page's last row (undefined for the first page). Keysets rather
 * than offsets, so each page is an index range scan however deep the export goes.
 */
export async function* keysetPages<TRow, TKey>(
  pageSize: number,
  fetchPage: (after: TKey | undefined) => Promise<TRow[]>,
  keyOf: (row: TRow) => TKey,
): AsyncGenerator<TRow[]> {
  let after: TKey | undefined;
  for (;;) {
    const rows = await fetchPage(after);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < pageSize || last === undefined) return;
    after = keyOf(last);
  }
}
