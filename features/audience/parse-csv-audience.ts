import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../infra/app-error.js';
import { detectCsvDelimiter, PHONE_COLUMN_NAMES } from '../../core/csv-header.js';
import { isVariableName } from '../../core/render.js';
import {
  MAX_VARIABLE_LENGTH,
  MAX_VARIABLES,
  reservedVariableReason,
  tooManyContacts,
  variableCountProblem,
  variableLengthProblem,
} from './audience-limits.js';
import {
  normalizeAudience,
  type TAudienceParse,
  type TNormalizeOptions,
  type TRawAudienceRow,
} from './normalize-audience.js';

export interface TCsvAudienceOptions extends TNormalizeOptions {
  /** More data rows than this throws a 413 AppError. */
  maxRows: number;
  /** The header of the phone column (case-insensitive); default `phone`, then its aliases. */
  phoneColumn?: string;
}

/** One whole-file problem, in the `details.problems` of the 400 AppError. */
export interface TCsvProblem {
  /** Line in the file (1-based), as an editor counts it. */
  line?: number;
  /** Column (1-based) of a header problem. */
  column?: number;
  header?: string;
  reason: string;
  /** The limit the file passed (variables per contact, characters per value). */
  limit?: number;
}

export { PHONE_COLUMN_NAMES };

interface THeader {
  phoneIndex: number;
  /** Variable name of each column; undefined for the phone column. */
  names: (string | undefined)[];
  variables: string[];
}

const CSV_REASONS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'unexpected text after a closing quote',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field: quote the whole field and double the quotes inside it',
  CSV_MAX_RECORD_SIZE: 'a row is too long; is the file really CSV?',
};

/**
 * Reads a CSV of contacts: a header row, a phone column, every other column a variable.
 * Accepts a UTF-8 BOM, CRLF, quoted fields with delimiters or newlines, and `,`, `;` or
 * tab delimiters (detected from the header line). Cells are trimmed; empty cells are
 * absent variables; fully empty rows are skipped. Rows are numbered as in a spreadsheet:
 * the header is row 1.
 * @throws AppError invalid_input for an empty, malformed or badly headed file, more than
 *   MAX_VARIABLES variable columns or a cell longer than MAX_VARIABLE_LENGTH;
 *   payload_too_large for more than `maxRows` data rows.
 */
export function parseCsvAudience(text: string, options: TCsvAudienceOptions): TAudienceParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw invalidCsv('the file is empty', [{ reason: 'the file is empty' }]);
  const delimiter = detectCsvDelimiter(body);
  const rows: TRawAudienceRow[] = [];
  // Written from the on_record callback, which control-flow narrowing cannot see into.
  const state: { header?: THeader; records: number; lastLine: number } = { records: 0, lastLine: 0 };
  try {
    parse(body, {
      delimiter,
      relax_column_count: true,
      trim: true,
      on_record: (record: string[], context) => {
        state.records += 1;
        state.lastLine = context.lines;
        if (isBlank(record)) return null;
        if (state.header === undefined) {
          state.header = readHeader(record, options.phoneColumn, context.lines);
        } else {
          if (rows.length >= options.maxRows) throw tooManyContacts(options.maxRows);
          rows.push(rawRow(record, state.header, state.records, context.lines));
        }
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) throw malformedCsv(error, state.lastLine);
    throw error;
  }
  const { header } = state;
  if (header === undefined) throw invalidCsv('the file is empty', [{ reason: 'the file is empty' }]);
  return { ...normalizeAudience(rows, options), variables: header.variables };
}

function isBlank(record: readonly string[]): boolean {
  return record.every((cell) => cell.trim() === '');
}

function readHeader(cells: readonly string[], phoneColumn: string | undefined, line: number): THeader {
  const headers = cells.map((cell) => cell.trim());
  const problems: TCsvProblem[] = [];
  const phoneIndex = findPhoneColumn(headers, phoneColumn, line, problems);
  const names: (string | undefined)[] = [];
  const variables: string[] = [];
  const firstColumnOf = new Map<string, number>();
  headers.forEach((header, index) => {
    if (index === phoneIndex) {
      names.push(undefined);
      return;
    }
    const reason = headerProblem(header, firstColumnOf.get(header));
    if (reason !== undefined) problems.push({ line, column: index + 1, header, reason });
    else variables.push(header);
    if (!firstColumnOf.has(header)) firstColumnOf.set(header, index + 1);
    names.push(header);
  });
  const tooMany = variableCountProblem(variables.length);
  if (tooMany !== undefined) problems.push({ line, reason: `${tooMany} (one per column)`, limit: MAX_VARIABLES });
  if (problems.length > 0) {
    throw invalidCsv(`invalid CSV header: ${problems.map((p) => p.reason).join('; ')}`, problems);
  }
  return { phoneIndex, names, variables };
}

function findPhoneColumn(
  headers: readonly string[],
  phoneColumn: string | undefined,
  line: number,
  problems: TCsvProblem[],
): number {
  const wanted = phoneColumn === undefined ? PHONE_COLUMN_NAMES : [phoneColumn.trim().toLowerCase()];
  const lower = headers.map((header) => header.toLowerCase());
  for (const name of wanted) {
    const index = lower.indexOf(name);
    if (index === -1) continue;
    const again = lower.indexOf(name, index + 1);
    if (again !== -1) {
      problems.push({ line, column: again + 1, header: headers[again], reason: `more than one "${name}" column` });
    }
    return index;
  }
  const expected =
    phoneColumn === undefined ? PHONE_COLUMN_NAMES.map((n) => `"${n}"`).join(', ') : `"${phoneColumn.trim()}"`;
  problems.push({ line, reason: `no phone column: expected a column named ${expected}` });
  return -1;
}

function headerProblem(header: string, duplicateOf: number | undefined): string | undefined {
  if (header === '') return 'a column has no name';
  if (!isVariableName(header)) {
    return `"${header}" is not a valid variable name: use letters, digits, "_", "." or "-", starting with a letter or "_"`;
  }
  if (duplicateOf !== undefined) return `"${header}" appears more than once (first in column ${duplicateOf})`;
  return reservedVariableReason(header);
}

function rawRow(record: readonly string[], header: THeader, row: number, line: number): TRawAudienceRow {
  const vars: Record<string, string> = {};
  const { names } = header;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name === undefined) continue;
    const value = record[i]?.trim();
    if (!value) continue;
    const tooLong = variableLengthProblem(name, value);
    if (tooLong !== undefined) {
      throw invalidCsv(`row ${row} (line ${line}), column ${i + 1}: ${tooLong}`, [
        { line, column: i + 1, header: name, reason: tooLong, limit: MAX_VARIABLE_LENGTH },
      ]);
    }
    vars[name] = value;
  }
  const phone = record[header.phoneIndex]?.trim() ?? '';
  for (let i = names.length; i < record.length; i++) {
    if (record[i]?.trim()) {
      return { row, phone, vars, problem: `row has ${record.length} cells but the header has ${names.length} columns` };
    }
  }
  return { row, phone, vars };
}

function malformedCsv(error: CsvError, lastGoodLine: number): AppError {
  const reason = CSV_REASONS[error.code] ?? error.message;
  // csv-parse reports an unclosed quote at the end of the file; the user needs the line
  // where the broken row starts, just after the last row read whole.
  const reported = typeof error.lines === 'number' ? error.lines : undefined;
  const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? lastGoodLine + 1 : reported;
  const where = line === undefined ? '' : ` at line ${line}`;
  return invalidCsv(
    `malformed CSV${where}: ${reason}`,
    [line === undefined ? { reason } : { line, reason }],
    error.code,
  );
}

function invalidCsv(message: string, problems: TCsvProblem[], code?: string): AppError {
  return new AppError('invalid_input', message, code === undefined ? { problems } : { problems, code });
}
