import { isVariableName } from '../../core/render.js';
import { AppError } from '../../infra/app-error.js';
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

export interface TJsonAudienceOptions extends TNormalizeOptions {
  /** More contacts than this throws a 413 AppError. */
  maxRows: number;
}

/**
 * Reads the `contacts` of a `{ contacts: [{ phone, vars? }] }` body. Rows are numbered
 * from 1 (index + 1). Variable values may be strings, numbers or booleans and are stored
 * as strings; blank strings count as absent. Anything else rejects that contact with a
 * reason rather than failing the whole body, except past the limits every contact's workflow
 * input must fit in.
 * @throws AppError invalid_input for more than MAX_VARIABLES variables in one contact or a
 *   value longer than MAX_VARIABLE_LENGTH; payload_too_large for more than `maxRows` contacts.
 */
export function parseJsonAudience(contacts: readonly unknown[], options: TJsonAudienceOptions): TAudienceParse {
  if (contacts.length > options.maxRows) throw tooManyContacts(options.maxRows);
  const variables = new Set<string>();
  const rows = contacts.map((contact, index) => rawRow(contact, index + 1, variables));
  return { ...normalizeAudience(rows, options), variables: [...variables] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawRow(contact: unknown, row: number, seen: Set<string>): TRawAudienceRow {
  if (!isRecord(contact)) return { row, phone: '', vars: {}, problem: 'contact must be an object with a "phone"' };
  const { phone, vars } = contact;
  const rawPhone = typeof phone === 'string' ? phone.trim() : typeof phone === 'number' ? String(phone) : '';
  // A number loses its leading "+" or "0", so only strings are read as phones.
  if (typeof phone !== 'string') {
    return {
      row,
      phone: rawPhone,
      vars: {},
      problem: phone === undefined ? 'phone is missing' : 'phone must be a string',
    };
  }
  if (vars === undefined) return { row, phone: rawPhone, vars: {} };
  if (!isRecord(vars)) return { row, phone: rawPhone, vars: {}, problem: 'vars must be an object of name to value' };
  return readVars(vars, row, rawPhone, seen);
}

function readVars(input: Record<string, unknown>, row: number, phone: string, seen: Set<string>): TRawAudienceRow {
  const vars: Record<string, string> = {};
  const problems: string[] = [];
  const entries = Object.entries(input);
  const tooMany = variableCountProblem(entries.length);
  if (tooMany !== undefined) throw overLimit(`contacts.${row - 1}.vars`, tooMany, MAX_VARIABLES);
  for (const [name, value] of entries) {
    const nameProblem = isVariableName(name) ? reservedVariableReason(name) : `"${name}" is not a valid variable name`;
    if (nameProblem !== undefined) {
      problems.push(nameProblem);
      continue;
    }
    if (typeof value === 'string') {
      const text = value.trim();
      const tooLong = variableLengthProblem(name, text);
      if (tooLong !== undefined) throw overLimit(`contacts.${row - 1}.vars.${name}`, tooLong, MAX_VARIABLE_LENGTH);
      if (text !== '') vars[name] = text;
    } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
      vars[name] = String(value);
    } else {
      problems.push(`variable "${name}" must be a string, number or boolean, not ${describe(value)}`);
      continue;
    }
    seen.add(name);
  }
  return problems.length > 0 ? { row, phone, vars, problem: problems.join('; ') } : { row, phone, vars };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

function overLimit(path: string, message: string, limit: number): AppError {
  return new AppError('invalid_input', `${path}: ${message}.`, [{ path, message, limit }]);
}
