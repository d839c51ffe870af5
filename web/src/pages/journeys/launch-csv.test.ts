import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  conflictingPhoneColumns,
  CsvFileError,
  guessPhoneColumn,
  parseCsv,
  previewRows,
  toLaunchCsv,
} from './launch-csv';

/** Records of a CSV text as the API reads them: comma-separated, blank records kept. */
function records(text: string): string[][] {
  return Papa.parse<string[]>(text, { delimiter: ',' }).data;
}

describe('parseCsv', () => {
  it('trims headers, drops a BOM, counts non-blank data rows and keeps blank records', () => {
    const parsed = parseCsv('\uFEFF Phone ,name\r\n+14155552671,Al\r\n\r\n+447911123456,Bo\r\n');
    expect(parsed.headers).toEqual(['Phone', 'name']);
    expect(parsed.headerIndex).toBe(0);
    expect(parsed.dataRowCount).toBe(2);
    expect(parsed.records[2]).toEqual(['']);
  });

  it('takes the first non-blank record as the header', () => {
    const parsed = parseCsv('\n  \nmobile;name\n1;2\n');
    expect(parsed.headerIndex).toBe(2);
    expect(parsed.headers).toEqual(['mobile', 'name']);
  });

  it('reports recoverable problems as warnings', () => {
    expect(parseCsv('phone,name\n"+1,Al\n').warnings[0]).toMatch(/row 2/);
  });

  it('refuses an empty or blank file', () => {
    expect(() => parseCsv('')).toThrow(CsvFileError);
    expect(() => parseCsv('\n \n,,\n')).toThrow(CsvFileError);
  });
});

describe('guessPhoneColumn', () => {
  it('finds phone, mobile, msisdn or number in any case, phone first', () => {
    expect(guessPhoneColumn(['name', 'MSISDN'])).toBe(1);
    expect(guessPhoneColumn(['Number', 'name'])).toBe(0);
    expect(guessPhoneColumn(['Mobile', 'Phone'])).toBe(1);
    expect(guessPhoneColumn(['name', 'tel'])).toBe(-1);
  });
});

describe('previewRows', () => {
  it('numbers rows as a spreadsheet does and skips blank ones', () => {
    const parsed = parseCsv('phone\n1\n\n2\n3\n4\n5\n6\n');
    expect(previewRows(parsed)).toEqual([
      { row: 2, cells: ['1'] },
      { row: 4, cells: ['2'] },
      { row: 5, cells: ['3'] },
      { row: 6, cells: ['4'] },
      { row: 7, cells: ['5'] },
    ]);
  });
});

describe('toLaunchCsv', () => {
  it('renames the chosen column to phone and keeps every record in place', () => {
    const original = '\ncell;first name;city\n+14155552671;"Al; Jr";Paris\n\n+447911123456;"B\nob";\n';
    const parsed = parseCsv(original);
    const sent = records(toLaunchCsv(parsed, 0));
    expect(sent[1]).toEqual(['phone', 'first name', 'city']);
    expect(sent[2]).toEqual(['+14155552671', 'Al; Jr', 'Paris']);
    // Row 5 of the file (a multi-line cell) is still record 5.
    expect(sent[4]).toEqual(['+447911123456', 'B\nob', '']);
    expect(sent).toHaveLength(parsed.records.length);
  });

  it('leaves out other columns named phone, which the API would refuse', () => {
    const parsed = parseCsv('Mobile,name,PHONE\n+14155552671,Al,x\n');
    expect(conflictingPhoneColumns(parsed.headers, 0)).toEqual([2]);
    expect(records(toLaunchCsv(parsed, 0)).slice(0, 2)).toEqual([
      ['phone', 'name'],
      ['+14155552671', 'Al'],
    ]);
  });

  it('keeps ragged rows ragged so the API can report their extra cells', () => {
    const parsed = parseCsv('phone,name\n+14155552671,Al,extra\n');
    expect(records(toLaunchCsv(parsed, 0))[1]).toEqual(['+14155552671', 'Al', 'extra']);
  });

  it('quotes cells that need it', () => {
    const parsed = parseCsv('tel,note\n+14155552671,"say ""hi"", ok"\n');
    expect(toLaunchCsv(parsed, 0)).toBe('phone,note\r\n+14155552671,"say ""hi"", ok"\r\n');
  });

  it('refuses a column that does not exist', () => {
    expect(() => toLaunchCsv(parseCsv('phone\n1\n'), 3)).toThrow(RangeError);
  });
});
