import { BUILTIN_VARIABLES } from '../../core/journey/constants.js';
import { normalizePhone, type TPhoneResult } from '../../core/phone.js';
import { missingVariables } from '../../core/render.js';

/** A contact ready to launch: E.164 phone, variables as strings, and where it came from. */
export interface TAudienceContact {
  phone: string;
  vars: Record<string, string>;
  /** The row the user sees: spreadsheet row for CSV (header is 1), index + 1 for JSON. */
  row: number;
}

/** A row that will not be launched, with the phone as it was given and why. */
export interface TAudienceRejection {
  row: number;
  phone: string;
  reason: string;
}

export interface TAudience {
  accepted: TAudienceContact[];
  rejected: TAudienceRejection[];
}

/** A parsed audience, plus the variable names the file or body provides. */
export interface TAudienceParse extends TAudience {
  /** CSV: the variable columns in file order. JSON: every variable name seen, in first-seen order. */
  variables: string[];
}

/** What a parser hands to `normalizeAudience`: one row as given, before any checking. */
export interface TRawAudienceRow {
  row: number;
  /** The phone as given (trimmed); "" when absent. */
  phone: string;
  /** Non-empty values only: an empty cell is an absent variable, never "". */
  vars: Record<string, string>;
  /** A problem the parser found in the row itself (bad variable value, extra cells). */
  problem?: string;
}

export interface TNormalizeOptions {
  /** ISO-3166 alpha-2 country for national numbers ("020 7946 0958"); without it they are rejected. */
  defaultCountry?: string;
  /** Variables the journey's messages use (`journeyVariables`); a contact missing one is rejected. */
  requiredVariables?: readonly string[];
  /** E.164 numbers that must not be contacted, e.g. opted out. */
  excludedPhones?: ReadonlySet<string>;
}

const BUILTINS = new Set(BUILTIN_VARIABLES);

/**
 * Checks every raw row in one pass: phone to E.164, duplicates (first wins, by E.164, so
 * "whatsapp:+44…" and "+44 …" are the same contact), exclusions and required variables.
 * Each rejected row gets one reason: the parser's row problem (a phone that is not a
 * string, a bad variable value, extra cells) first, then the others in that order.
 */
export function normalizeAudience(rows: Iterable<TRawAudienceRow>, options: TNormalizeOptions = {}): TAudience {
  const required = (options.requiredVariables ?? []).filter((name) => !BUILTINS.has(name));
  const excluded = options.excludedPhones;
  const firstRowOf = new Map<string, number>();
  // normalizePhone is pure for a given default country; repeated inputs are parsed once.
  const phoneCache = new Map<string, TPhoneResult>();
  const accepted: TAudienceContact[] = [];
  const rejected: TAudienceRejection[] = [];

  for (const raw of rows) {
    let result = phoneCache.get(raw.phone);
    if (result === undefined) {
      result = normalizePhone(raw.phone, options.defaultCountry);
      phoneCache.set(raw.phone, result);
    }
    const verdict = checkRow(raw, result, firstRowOf, excluded, required);
    if ('reason' in verdict) rejected.push({ row: raw.row, phone: raw.phone, reason: verdict.reason });
    else accepted.push({ phone: verdict.e164, vars: raw.vars, row: raw.row });
  }
  return { accepted, rejected };
}

function checkRow(
  raw: TRawAudienceRow,
  phone: TPhoneResult,
  firstRowOf: Map<string, number>,
  excluded: ReadonlySet<string> | undefined,
  required: readonly string[],
): { e164: string } | { reason: string } {
  // The first row with a number claims it even if rejected, so which row's data a contact
  // gets never depends on which rows happen to be complete.
  const first = phone.ok ? firstRowOf.get(phone.e164) : undefined;
  if (phone.ok && first === undefined) firstRowOf.set(phone.e164, raw.row);
  if (raw.problem !== undefined) return { reason: raw.problem };
  if (!phone.ok) return { reason: phone.reason };
  if (first !== undefined) return { reason: `duplicate of row ${first}` };
  if (excluded?.has(phone.e164) === true) return { reason: 'opted out' };
  if (required.length > 0) {
    const missing = missingVariables(required, raw.vars);
    if (missing.length > 0) return { reason: `missing variable(s): ${missing.join(', ')}` };
  }
  return { e164: phone.e164 };
}
