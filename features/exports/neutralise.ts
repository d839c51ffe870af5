/**
 * Spreadsheet formula ("CSV") injection defence, as OWASP recommends: a cell a spreadsheet
 * could read as a formula or a DDE call is prefixed with a single quote, so Excel, LibreOffice
 * and Google Sheets show it as text instead of running it. Contact variables and message
 * bodies come from audiences and replies, i.e. from anyone.
 */

/**
 * Leading characters that make a spreadsheet evaluate a cell: OWASP's `=`, `+`, `-`, `@`,
 * tab and carriage return, plus NUL and line feed (both can hide the real first character
 * from a reader) and the full-width `＝＋－＠`, which some spreadsheets fold to ASCII.
 */
const FORMULA_START = /^[=+\-@\t\r\n\0\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A plain decimal number such as `-5`, `+3.2` or `-0.25`, and so every E.164 phone
 * (`+14155550100`), the one shape of ours that starts with `+` and must stay as it is.
 * Safe: a spreadsheet reads it as a number, and a single sign followed by digits cannot
 * call anything. Anything more (`-2+3`, `+1 555`, `1e5`) is not a plain number and is neutralised.
 */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * The cell as it must be written to a CSV: unchanged, or prefixed with `'` when a
 * spreadsheet would take it for a formula. E.164 phones and plain numbers stay unchanged.
 */
export function neutraliseCell(value: string): string {
  if (!FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}
