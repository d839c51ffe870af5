import { describe, expect, it } from 'vitest';
import { AppError } from '../../infra/app-error.js';
import { parseCsvAudience, type TCsvAudienceOptions, type TCsvProblem } from './index.js';

const GB = '+442079460958';
const UK_MOBILE = '+447911123456';
const US = '+14155552671';

function parseCsv(text: string, options: Partial<TCsvAudienceOptions> = {}) {
  return parseCsvAudience(text, { maxRows: 1000, ...options });
}

function csvError(text: string, options: Partial<TCsvAudienceOptions> = {}): AppError {
  try {
    parseCsv(text, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected parseCsvAudience to throw');
}

function problems(error: AppError): TCsvProblem[] {
  return (error.details as { problems: TCsvProblem[] }).problems;
}

describe('parseCsvAudience: format', () => {
  it('reads phone and variables, numbering rows as a spreadsheet does', () => {
    const result = parseCsv(`phone,first_name,city\n${GB},Ann,London\n${US},Bob,Austin\n`);
    expect(result).toStrictEqual({
      accepted: [
        { phone: GB, vars: { first_name: 'Ann', city: 'London' }, row: 2 },
        { phone: US, vars: { first_name: 'Bob', city: 'Austin' }, row: 3 },
      ],
      rejected: [],
      variables: ['first_name', 'city'],
    });
  });

  it('strips a UTF-8 BOM before the header', () => {
    const result = parseCsv(`\uFEFFphone,name\n${GB},Ann\n`);
    expect(result.accepted).toStrictEqual([{ phone: GB, vars: { name: 'Ann' }, row: 2 }]);
  });

  it('strips a UTF-8 BOM before a quoted header', () => {
    const result = parseCsv(`\uFEFF"phone","name"\r\n"${GB}","Ann"\r\n`);
    expect(result.accepted).toStrictEqual([{ phone: GB, vars: { name: 'Ann' }, row: 2 }]);
  });

  it('handles CRLF line endings', () => {
    const result = parseCsv(`phone,name\r\n${GB},Ann\r\n${US},Bob\r\n`);
    expect(result.accepted.map((c) => c.vars['name'])).toEqual(['Ann', 'Bob']);
  });

  it('keeps commas, newlines and quotes inside quoted fields, and counts a multi-line row once', () => {
    const text = `phone,name,address\n${GB},"Smith, Ann","1 High St\r\nLondon"\n"${US}","Bob ""B"" Jones",Austin\nnot-a-phone,Cy,Paris\n`;
    const result = parseCsv(text);
    expect(result.accepted).toStrictEqual([
      { phone: GB, vars: { name: 'Smith, Ann', address: '1 High St\r\nLondon' }, row: 2 },
      { phone: US, vars: { name: 'Bob "B" Jones', address: 'Austin' }, row: 3 },
    ]);
    expect(result.rejected.map((r) => r.row)).toEqual([4]);
  });

  it('detects a ";" delimited file from its header line', () => {
    const result = parseCsv(`phone;name;note\n${GB};Ann, Jr;"a;b"\n`);
    expect(result.variables).toEqual(['name', 'note']);
    expect(result.accepted[0]?.vars).toStrictEqual({ name: 'Ann, Jr', note: 'a;b' });
  });

  it('detects a tab delimited file, keeping empty cells in place', () => {
    const result = parseCsv(`phone\tname\tcity\n${GB}\t\tLondon\n`);
    expect(result.accepted[0]?.vars).toStrictEqual({ city: 'London' });
  });

  it('does not count a delimiter inside a quoted header when detecting the delimiter', () => {
    const result = parseCsv(`"Phone, mobile";name\n${GB};"Smith, Ann"\n`, { phoneColumn: 'phone, mobile' });
    expect(result.accepted).toStrictEqual([{ phone: GB, vars: { name: 'Smith, Ann' }, row: 2 }]);
  });

  it('trims cells and makes empty or blank cells absent variables, not ""', () => {
    const result = parseCsv(
      `phone , name ,city, plan,note\n  ${GB} ,  Ann  ,,   ," "\n" ${US} ",Bob,"  Austin ",,\n"  nope ",Cy\n`,
    );
    expect(result.variables).toEqual(['name', 'city', 'plan', 'note']);
    expect(result.accepted).toStrictEqual([
      { phone: GB, vars: { name: 'Ann' }, row: 2 },
      { phone: US, vars: { name: 'Bob', city: 'Austin' }, row: 3 },
    ]);
    expect(result.rejected).toStrictEqual([{ row: 4, phone: 'nope', reason: expect.any(String) }]);
  });

  it('skips fully empty lines silently but still counts them as rows', () => {
    const result = parseCsv(`phone,name\n\n${GB},Ann\n,\n   \nbad,Bob\n\n`);
    expect(result.accepted.map((c) => c.row)).toEqual([3]);
    expect(result.rejected).toStrictEqual([{ row: 6, phone: 'bad', reason: expect.any(String) }]);
  });

  it('returns no contacts for a header-only file', () => {
    expect(parseCsv('phone,name\n')).toStrictEqual({ accepted: [], rejected: [], variables: ['name'] });
  });

  it('rejects a row with more non-empty cells than the header, but ignores trailing empty ones', () => {
    const result = parseCsv(`phone,name\n${GB},Ann,extra\n${US},Bob,,\n`);
    expect(result.rejected).toStrictEqual([
      { row: 2, phone: GB, reason: 'row has 3 cells but the header has 2 columns' },
    ]);
    expect(result.accepted).toStrictEqual([{ phone: US, vars: { name: 'Bob' }, row: 3 }]);
  });
});

describe('parseCsvAudience: phone column', () => {
  it.each(['Phone', ' PHONE_NUMBER ', 'mobile', 'MSISDN'])('accepts %j as the phone column', (header) => {
    const result = parseCsv(`name,${header}\nAnn,${GB}\n`);
    expect(result.accepted).toStrictEqual([{ phone: GB, vars: { name: 'Ann' }, row: 2 }]);
    expect(result.variables).toEqual(['name']);
  });

  it('prefers "phone" over an alias, which then is a variable', () => {
    const result = parseCsv(`mobile,phone\n${US},${GB}\n`);
    expect(result.accepted).toStrictEqual([{ phone: GB, vars: { mobile: US }, row: 2 }]);
  });

  it('uses options.phoneColumn, case-insensitively, even when its header is no variable name', () => {
    const result = parseCsv(`Contact Number,name\n${GB},Ann\n`, { phoneColumn: 'contact number' });
    expect(result.accepted).toStrictEqual([{ phone: GB, vars: { name: 'Ann' }, row: 2 }]);
  });

  it('reports a missing phone column', () => {
    const error = csvError(`name,city\nAnn,London\n`);
    expect(error.code).toBe('invalid_input');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/no phone column/);
    expect(problems(error)).toStrictEqual([{ line: 1, reason: expect.stringContaining('"msisdn"') }]);
  });

  it('reports a missing options.phoneColumn by name', () => {
    const error = csvError(`phone,name\n${GB},Ann\n`, { phoneColumn: 'tel' });
    expect(error.message).toContain('"tel"');
  });

  it('reports two phone columns as a duplicate', () => {
    const error = csvError(`phone,name,Phone\n${GB},Ann,${US}\n`);
    expect(problems(error)).toStrictEqual([
      { line: 1, column: 3, header: 'Phone', reason: 'more than one "phone" column' },
    ]);
  });
});

describe('parseCsvAudience: whole-file errors', () => {
  it.each(['', '\uFEFF', '\r\n  \n', ',,\n,\n'])('rejects an empty file %j', (text) => {
    const error = csvError(text);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('the file is empty');
  });

  it('reports every bad header name with its column', () => {
    const error = csvError(`phone,first name,,ok,1st,__proto__\n${GB},a,b,c,d,e\n`);
    expect(error.code).toBe('invalid_input');
    expect(problems(error).map((p) => [p.column, p.header])).toEqual([
      [2, 'first name'],
      [3, ''],
      [5, '1st'],
      [6, '__proto__'],
    ]);
    expect(error.message).toContain('"first name" is not a valid variable name');
  });

  it('reports duplicate headers', () => {
    const error = csvError(`phone,name, name\n${GB},a,b\n`);
    expect(problems(error)).toStrictEqual([
      { line: 1, column: 3, header: 'name', reason: '"name" appears more than once (first in column 2)' },
    ]);
  });

  it('reserves "phone" as a variable when another column holds the number', () => {
    const error = csvError(`mobile,phone\n${GB},x\n`, { phoneColumn: 'mobile' });
    expect(problems(error)).toStrictEqual([
      { line: 1, column: 2, header: 'phone', reason: expect.stringContaining('built in') },
    ]);
  });

  it('reports an unclosed quote at the line where the broken row starts', () => {
    const error = csvError(`phone,name\n${GB},Ann\n${US},"Bob\n+33612345678,Cy\n`);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('malformed CSV at line 3: a quoted field is never closed');
    expect(error.details).toStrictEqual({
      problems: [{ line: 3, reason: 'a quoted field is never closed' }],
      code: 'CSV_QUOTE_NOT_CLOSED',
    });
  });

  it('counts the lines of a multi-line field when locating an unclosed quote', () => {
    const error = csvError(`phone,name\n${GB},"Ann\nSmith"\n${US},"Bob\n`);
    expect(problems(error)[0]?.line).toBe(4);
  });

  it('reports text after a closing quote with its line', () => {
    const error = csvError(`phone,name\n${GB},Ann\n${US},"Bob"x\n`);
    expect(error.message).toMatch(/^malformed CSV at line 3: /);
    expect(problems(error)[0]?.line).toBe(3);
  });

  it('reports a stray quote in an unquoted field with its line', () => {
    const error = csvError(`phone,name\n${GB},Ann\n\n${US},Bob "B"\n`);
    expect(problems(error)[0]?.line).toBe(4);
  });
});

describe('parseCsvAudience: contacts', () => {
  it('rejects invalid and duplicate phones with their spreadsheet rows', () => {
    const text = [
      'phone,name',
      `${GB},Ann`,
      'hello,Bob',
      '+44 20 7946 0958,Cy',
      '',
      `${US},Dee`,
      `whatsapp:${GB},Ed`,
      '+1 555 0100,Fi',
    ].join('\n');
    const result = parseCsv(text);
    expect(result.accepted.map((c) => [c.row, c.phone])).toEqual([
      [2, GB],
      [6, US],
    ]);
    expect(result.rejected).toStrictEqual([
      { row: 3, phone: 'hello', reason: 'contains characters that are not part of a phone number' },
      { row: 4, phone: '+44 20 7946 0958', reason: 'duplicate of row 2' },
      { row: 7, phone: `whatsapp:${GB}`, reason: 'duplicate of row 2' },
      { row: 8, phone: '+1 555 0100', reason: expect.any(String) },
    ]);
  });

  it('accepts whatsapp:+ prefixed phones as plain E.164', () => {
    const result = parseCsv(`phone\nwhatsapp:${UK_MOBILE}\nWhatsApp: +1 415 555 2671\n`);
    expect(result.accepted.map((c) => c.phone)).toEqual([UK_MOBILE, US]);
  });

  it('reads national numbers with defaultCountry, and rejects them without', () => {
    const text = `phone\n020 7946 0958\n07911 123456\n`;
    expect(parseCsv(text, { defaultCountry: 'GB' }).accepted.map((c) => c.phone)).toEqual([GB, UK_MOBILE]);
    const without = parseCsv(text);
    expect(without.accepted).toEqual([]);
    expect(without.rejected.map((r) => [r.row, r.reason])).toEqual([
      [2, 'national number without a country: add the +country code'],
      [3, 'national number without a country: add the +country code'],
    ]);
  });

  it('rejects contacts missing a variable the journey needs, listing them', () => {
    const text = `phone,first_name,last_name,city\n${GB},Ann,Smith,\n${US},,,Austin\n${UK_MOBILE},Cy,,\n`;
    const result = parseCsv(text, { requiredVariables: ['first_name', 'last_name', 'phone'] });
    expect(result.accepted.map((c) => c.row)).toEqual([2]);
    expect(result.rejected).toStrictEqual([
      { row: 3, phone: US, reason: 'missing variable(s): first_name, last_name' },
      { row: 4, phone: UK_MOBILE, reason: 'missing variable(s): last_name' },
    ]);
  });

  it('rejects every contact when a required column is absent', () => {
    const result = parseCsv(`phone\n${GB}\n`, { requiredVariables: ['first_name'] });
    expect(result.rejected).toStrictEqual([{ row: 2, phone: GB, reason: 'missing variable(s): first_name' }]);
  });

  it('rejects excluded phones after normalizing them', () => {
    const result = parseCsv(`phone\n020 7946 0958\n${US}\n`, { defaultCountry: 'GB', excludedPhones: new Set([GB]) });
    expect(result.accepted.map((c) => c.phone)).toEqual([US]);
    expect(result.rejected).toStrictEqual([{ row: 2, phone: '020 7946 0958', reason: 'opted out' }]);
  });

  it('throws a 413 for more than maxRows data rows', () => {
    const error = csvError(`phone\n${GB}\n${US}\n${UK_MOBILE}\n`, { maxRows: 2 });
    expect(error.code).toBe('payload_too_large');
    expect(error.status).toBe(413);
    expect(error.message).toBe('at most 2 contacts per launch');
    expect(error.details).toStrictEqual({ maxRows: 2 });
  });

  it('counts only data rows toward maxRows, not the header or empty lines', () => {
    const result = parseCsv(`phone\n\n${GB}\n,\n${US}\n\n`, { maxRows: 2 });
    expect(result.accepted).toHaveLength(2);
  });

  it('parses and normalizes 100,000 rows', () => {
    const lines = ['phone,first_name,plan'];
    for (let i = 0; i < 100_000; i++) {
      // Every 1000th row repeats the previous number; the rest are distinct UK mobiles.
      const n = i % 1000 === 999 ? i - 1 : i;
      lines.push(`+4479${String(n).padStart(8, '0')},"Name ${i}",${i % 3 === 0 ? '' : 'gold'}`);
    }
    const result = parseCsvAudience(lines.join('\r\n'), { maxRows: 100_000, requiredVariables: ['first_name'] });
    expect(result.accepted).toHaveLength(99_900);
    expect(result.rejected).toHaveLength(100);
  }, 60_000);
});

describe('parseCsvAudience: limits', () => {
  it('refuses a cell longer than 1,600 characters, naming its line, column and the limit', () => {
    const long = 'x'.repeat(1601);
    const error = csvError(`phone,first_name,note\n${GB},Ann,short\n${US},Bob,${long}\n`);
    expect([error.code, error.status]).toEqual(['invalid_input', 400]);
    expect(error.message).toBe('row 3 (line 3), column 3: variable "note" is 1601 characters long; the limit is 1600');
    expect(problems(error)).toStrictEqual([
      {
        line: 3,
        column: 3,
        header: 'note',
        reason: 'variable "note" is 1601 characters long; the limit is 1600',
        limit: 1600,
      },
    ]);
    expect(parseCsv(`phone,note\n${GB},${'x'.repeat(1600)}\n`).accepted[0]?.vars.note).toHaveLength(1600);
  });

  it('refuses more than 50 variable columns, and accepts 50', () => {
    const header = (n: number) => ['phone', ...Array.from({ length: n }, (_, i) => `v${i}`)].join(',');
    const error = csvError(`${header(51)}\n${GB}\n`);
    expect([error.code, error.status]).toEqual(['invalid_input', 400]);
    expect(problems(error)).toStrictEqual([
      { line: 1, reason: '51 variables; the limit is 50 per contact (one per column)', limit: 50 },
    ]);
    expect(parseCsv(`${header(50)}\n${GB}\n`).variables).toHaveLength(50);
  });
});
