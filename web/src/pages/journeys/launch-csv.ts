import Papa from 'papaparse';
import { detectCsvDelimiter, findPhoneColumn } from '../../../../core/csv-header.js';

/**
 * The browser side of a CSV launch: read the file, guess the phone column, and write it
 * back with that column named `phone`, the one name the API always recognises. Every
 * record is kept, blank ones too, because the API numbers rows by record (the header is
 * row 1): a rejected row's number must point at the same line of the user's file.
 */

/** Headers taken as the phone column, in order of preference (compared lower-cased). */
export const PHONE_HEADER_NAMES: readonly string[] = ['phone', 'mobile', 'msisdn', 'number', 'phone_number'];

/** The name the API gives the phone column; also a built-in variable, so no other column may use it. */
export const PHONE_HEADER = 'phone';

export interface TParsedCsv {
  /** Every record as read, blank ones included: record i is the API's row i + 1. */
  records: string[][];
  /** Index in `records` of the header (the first non-blank record). */
  headerIndex: number;
  /** Header cells, trimmed as the API trims them. */
  headers: string[];
  /** Non-blank records after the header: the contacts the file offers. */
  dataRowCount: number;
  /** Problems the parser recovered from (an unclosed quote, ...); the API has the last word. */
  warnings: string[];
}

/** A row of the preview, numbered as the API and a spreadsheet number it. */
export interface TPreviewRow {
  row: number;
  cells: string[];
}

/** Thrown for a file that has nothing to launch. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

function isBlank(record: readonly string[]): boolean {
  return record.every((cell) => cell.trim() === '');
}

/**
 * Parses a CSV file's text.
 * @throws CsvFileError when the file is empty or has only blank lines.
 */
export function parseCsv(text: string): TParsedCsv {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { delimiter: detectCsvDelimiter(body), skipEmptyLines: false });
  const records = result.data;
  const headerIndex = records.findIndex((record) => !isBlank(record));
  const header = records[headerIndex];
  if (header === undefined) throw new CsvFileError('The file is empty.');
  const dataRowCount = records.slice(headerIndex + 1).filter((record) => !isBlank(record)).length;
  const warnings = result.errors.map((error) =>
    error.row === undefined ? error.message : `${error.message} (row ${error.row + 1})`,
  );
  return { records, headerIndex, headers: header.map((cell) => cell.trim()), dataRowCount, warnings };
}

/** Index of the header to use as the phone column by default, or -1 when none looks like one. */
export function guessPhoneColumn(headers: readonly string[]): number {
  return findPhoneColumn(headers, PHONE_HEADER_NAMES);
}

/** The first `count` non-blank data rows, with their row numbers. */
export function previewRows(parsed: TParsedCsv, count = 5): TPreviewRow[] {
  const rows: TPreviewRow[] = [];
  for (let i = parsed.headerIndex + 1; i < parsed.records.length && rows.length < count; i++) {
    const record = parsed.records[i];
    if (record && !isBlank(record)) rows.push({ row: i + 1, cells: record });
  }
  return rows;
}

/**
 * Other columns named `phone` (any case): the API would take them as a second phone
 * column, and `phone` cannot be a variable, so they are left out of what is sent.
 */
export function conflictingPhoneColumns(headers: readonly string[], phoneIndex: number): number[] {
  return headers.flatMap((header, index) =>
    index !== phoneIndex && header.toLowerCase() === PHONE_HEADER ? [index] : [],
  );
}

/**
 * The file to send: every record in order, the chosen column's header renamed `phone`,
 * conflicting `phone` columns removed, always comma-separated with quotes where needed.
 */
export function toLaunchCsv(parsed: TParsedCsv, phoneIndex: number): string {
  if (phoneIndex < 0 || phoneIndex >= parsed.headers.length) throw new RangeError(`no column ${phoneIndex}`);
  const dropped = new Set(conflictingPhoneColumns(parsed.headers, phoneIndex));
  const records = parsed.records.map((record, i) => {
    const cells =
      i === parsed.headerIndex ? record.map((cell, column) => (column === phoneIndex ? PHONE_HEADER : cell)) : record;
    return dropped.size === 0 ? cells : cells.filter((_cell, column) => !dropped.has(column));
  });
  return Papa.unparse(records, { delimiter: ',', newline: '\r\n' });
}
