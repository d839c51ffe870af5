import { describe, expect, it } from 'vitest';
import { AppError } from '../../infra/app-error.js';
import { parseJsonAudience, type TJsonAudienceOptions } from './index.js';

const GB = '+442079460958';
const US = '+14155552671';
const UK_MOBILE = '+447911123456';

function parseJson(contacts: unknown[], options: Partial<TJsonAudienceOptions> = {}) {
  return parseJsonAudience(contacts, { maxRows: 1000, ...options });
}

describe('parseJsonAudience', () => {
  it('numbers rows from 1 and stores every variable as a string', () => {
    const result = parseJson([
      { phone: GB, vars: { name: 'Ann', visits: 3, ratio: 0.5, vip: true, churned: false } },
      { phone: US },
    ]);
    expect(result).toStrictEqual({
      accepted: [
        { phone: GB, vars: { name: 'Ann', visits: '3', ratio: '0.5', vip: 'true', churned: 'false' }, row: 1 },
        { phone: US, vars: {}, row: 2 },
      ],
      rejected: [],
      variables: ['name', 'visits', 'ratio', 'vip', 'churned'],
    });
  });

  it('trims string values and treats blank ones as absent', () => {
    const result = parseJson([
      { phone: ` ${GB} `, vars: { name: '  Ann ', city: '   ' } },
      { phone: US, vars: { name: 'Bob', city: '' } },
    ]);
    expect(result.accepted).toStrictEqual([
      { phone: GB, vars: { name: 'Ann' }, row: 1 },
      { phone: US, vars: { name: 'Bob' }, row: 2 },
    ]);
  });

  it('rejects a contact whose vars hold anything but strings, numbers and booleans', () => {
    const result = parseJson([
      { phone: GB, vars: { name: 'Ann', address: { city: 'London' } } },
      { phone: US, vars: { tags: ['a'], note: null } },
      { phone: UK_MOBILE, vars: { name: 'Cy' } },
    ]);
    expect(result.accepted.map((c) => c.row)).toEqual([3]);
    expect(result.rejected).toStrictEqual([
      { row: 1, phone: GB, reason: 'variable "address" must be a string, number or boolean, not an object' },
      {
        row: 2,
        phone: US,
        reason:
          'variable "tags" must be a string, number or boolean, not an array; variable "note" must be a string, number or boolean, not null',
      },
    ]);
  });

  it('rejects contacts that are not objects, lack a string phone, or have bad vars', () => {
    const result = parseJson([
      'not an object',
      { vars: { name: 'Ann' } },
      { phone: 14155552671 },
      { phone: GB, vars: ['Ann'] },
      { phone: US, vars: { 'first name': 'Bob' } },
      { phone: UK_MOBILE, vars: { phone: '+15550000000' } },
    ]);
    expect(result.accepted).toEqual([]);
    expect(result.rejected).toStrictEqual([
      { row: 1, phone: '', reason: 'contact must be an object with a "phone"' },
      { row: 2, phone: '', reason: 'phone is missing' },
      { row: 3, phone: '14155552671', reason: 'phone must be a string' },
      { row: 4, phone: GB, reason: 'vars must be an object of name to value' },
      { row: 5, phone: US, reason: '"first name" is not a valid variable name' },
      { row: 6, phone: UK_MOBILE, reason: expect.stringContaining('"phone" is built in') },
    ]);
  });

  it('rejects a JSON "__proto__" key instead of losing it', () => {
    const contacts = JSON.parse(`[{ "phone": "${GB}", "vars": { "__proto__": "x" } }]`) as unknown[];
    expect(parseJson(contacts).rejected).toStrictEqual([
      { row: 1, phone: GB, reason: '"__proto__" is a reserved name' },
    ]);
  });

  it('shares normalization with CSV: invalid, duplicate, whatsapp:, national, excluded, required', () => {
    const result = parseJson(
      [
        { phone: '020 7946 0958', vars: { name: 'Ann' } },
        { phone: 'whatsapp:+44 20 7946 0958', vars: { name: 'Ann again' } },
        { phone: '12', vars: { name: 'Bob' } },
        { phone: `whatsapp:${US}`, vars: { name: 'Cy' } },
        { phone: '07911 123456', vars: { name: 'Dee' } },
        { phone: '+33612345678' },
      ],
      { defaultCountry: 'GB', excludedPhones: new Set([UK_MOBILE]), requiredVariables: ['name'] },
    );
    expect(result.accepted).toStrictEqual([
      { phone: GB, vars: { name: 'Ann' }, row: 1 },
      { phone: US, vars: { name: 'Cy' }, row: 4 },
    ]);
    expect(result.rejected).toStrictEqual([
      { row: 2, phone: 'whatsapp:+44 20 7946 0958', reason: 'duplicate of row 1' },
      { row: 3, phone: '12', reason: expect.any(String) },
      { row: 5, phone: '07911 123456', reason: 'opted out' },
      { row: 6, phone: '+33612345678', reason: 'missing variable(s): name' },
    ]);
  });

  it('throws a 413 for more than maxRows contacts, before reading any', () => {
    const contacts = [{ phone: GB }, { phone: US }, 'garbage'];
    let caught: unknown;
    try {
      parseJson(contacts, { maxRows: 2 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const error = caught as AppError;
    expect([error.code, error.status, error.message]).toEqual([
      'payload_too_large',
      413,
      'at most 2 contacts per launch',
    ]);
    expect(error.details).toStrictEqual({ maxRows: 2 });
    expect(parseJson(contacts.slice(0, 2), { maxRows: 2 }).accepted).toHaveLength(2);
  });

  it('refuses a variable value longer than 1,600 characters, naming the field and the limit', () => {
    const error = caughtBy(() => parseJson([{ phone: GB }, { phone: US, vars: { note: 'x'.repeat(1601) } }]));
    expect([error.code, error.status]).toEqual(['invalid_input', 400]);
    expect(error.details).toStrictEqual([
      {
        path: 'contacts.1.vars.note',
        message: 'variable "note" is 1601 characters long; the limit is 1600',
        limit: 1600,
      },
    ]);
    expect(parseJson([{ phone: GB, vars: { note: 'x'.repeat(1600) } }]).accepted).toHaveLength(1);
  });

  it('refuses more than 50 variables in one contact, and accepts 50', () => {
    const vars = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, 'x']));
    const error = caughtBy(() => parseJson([{ phone: GB, vars: vars(51) }]));
    expect([error.code, error.status]).toEqual(['invalid_input', 400]);
    expect(error.details).toStrictEqual([
      { path: 'contacts.0.vars', message: '51 variables; the limit is 50 per contact', limit: 50 },
    ]);
    expect(parseJson([{ phone: GB, vars: vars(50) }]).accepted).toHaveLength(1);
  });
});

function caughtBy(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}
