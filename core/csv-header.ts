/**
 * What the API and the web app must agree on about an audience CSV before parsing it:
 * the delimiter and which header names the phone column. Shared so that the browser's
 * preview and rejected-row numbers match what the server will do with the same file.
 */

/** Header names taken as the phone column when none is chosen, compared lowercased and trimmed. */
export const PHONE_COLUMN_NAMES: readonly string[] = ['phone', 'phone_number', 'mobile', 'msisdn'];

/**
 * The most frequent of `,` `;` tab outside quotes on the first non-empty line; `,` on ties.
 * Hand-written: csv-parse and papaparse both take a delimiter, and papaparse's own guess
 * counts whole sample rows, which disagrees with the server on a one-line header.
 */
export function detectCsvDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  let content = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') {
      if (content) break;
    } else {
      const count = counts.get(ch);
      if (count !== undefined) counts.set(ch, count + 1);
      if (ch.trim() !== '') content = true;
    }
  }
  let best = ',';
  for (const [ch, count] of counts) if (count > (counts.get(best) ?? 0)) best = ch;
  return best;
}

/** The index of the first header that is one of `names` (tried in order, any case), or -1. */
export function findPhoneColumn(headers: readonly string[], names: readonly string[] = PHONE_COLUMN_NAMES): number {
  const lower = headers.map((header) => header.toLowerCase());
  for (const name of names) {
    const index = lower.indexOf(name);
    if (index !== -1) return index;
  }
  return -1;
}
