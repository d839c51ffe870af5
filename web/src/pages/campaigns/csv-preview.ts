import Papa from 'papaparse';
import { detectCsvDelimiter, findPhoneColumn } from '../../../../core/csv-header.js';

/**
 * The browser side of a campaign's CSV audience: a preview of the first rows and a guess
 * of the phone column. The file itself goes to the API unchanged with `phoneColumn`, so
 * the API's parser (features/audience/parse-csv-audience.ts) has the last word on every row.
 */

/** Enough of the file for a preview without reading a large audience whole. */
export const PREVIEW_BYTES = 256 * 1024;

export interface TCsvPreview {
  /** Header cells, trimmed as the API trims them. */
  headers: string[];
  /** The first data rows (blank ones skipped), each padded or cut to the header's width. */
  rows: string[][];
}

/** A file with nothing to preview. */
export class CsvPreviewError extends Error {
  override name = 'CsvPreviewError';
}

/**
 * The header and the first `maxRows` non-blank rows of CSV text (which may be the start of
 * a larger file, cut mid-row: only whole rows before the cut are shown).
 * @throws CsvPreviewError when there is no header row.
 */
export function previewCsv(text: string, maxRows = 5, isComplete = true): TCsvPreview {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { delimiter: detectCsvDelimiter(body), skipEmptyLines: 'greedy' });
  // A cut file's last record may be half a row.
  const records = isComplete ? result.data : result.data.slice(0, -1);
  const [header, ...data] = records;
  if (!header) throw new CsvPreviewError('The file is empty: it needs a header row and one row per contact.');
  const headers = header.map((cell) => cell.trim());
  const rows = data.slice(0, maxRows).map((record) => headers.map((_h, i) => record[i]?.trim() ?? ''));
  return { headers, rows };
}

/** The header the API would take as the phone column when none is named, or undefined. */
export function guessPhoneColumn(headers: readonly string[]): string | undefined {
  const index = findPhoneColumn(headers);
  return index === -1 ? undefined : headers[index];
}

/**
 * Variables the message needs that no column provides (`phone` is built in). Every row
 * would be rejected for them, so the dialog says so before sending.
 */
export function missingColumns(
  required: readonly string[],
  headers: readonly string[],
  phoneColumn: string | undefined,
): string[] {
  const provided = new Set(headers.filter((header) => header !== phoneColumn));
  return required.filter((name) => name !== 'phone' && !provided.has(name));
}
