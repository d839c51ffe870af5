import { describe, expect, it } from 'vitest';
import { CsvPreviewError, guessPhoneColumn, missingColumns, previewCsv } from './csv-preview';

describe('previewCsv', () => {
  it('reads the header and the first rows, trimming cells and skipping blank lines', () => {
    const text = '\uFEFFPhone , first_name\r\n+14155550001, Ann\r\n\r\n+14155550002,Bob\r\n+14155550003,Cy\r\n';
    expect(previewCsv(text, 2)).toEqual({
      headers: ['Phone', 'first_name'],
      rows: [
        ['+14155550001', 'Ann'],
        ['+14155550002', 'Bob'],
      ],
    });
  });

  it('uses the delimiter the API will use and pads short rows', () => {
    expect(previewCsv('phone;city;zip\n+1415;Paris\n')).toEqual({
      headers: ['phone', 'city', 'zip'],
      rows: [['+1415', 'Paris', '']],
    });
  });

  it('drops the half row at the end of a cut file', () => {
    expect(previewCsv('phone,name\n+1,A\n+2,B', 5, false).rows).toEqual([['+1', 'A']]);
  });

  it('refuses an empty file', () => {
    expect(() => previewCsv(' \n\n')).toThrow(CsvPreviewError);
  });
});

describe('guessPhoneColumn', () => {
  it('prefers the names the API prefers, in any case', () => {
    expect(guessPhoneColumn(['name', 'Mobile', 'phone_number'])).toBe('phone_number');
    expect(guessPhoneColumn(['MSISDN'])).toBe('MSISDN');
    expect(guessPhoneColumn(['tel'])).toBeUndefined();
  });
});

describe('missingColumns', () => {
  it('lists variables without a column, phone being built in', () => {
    expect(missingColumns(['phone', 'first_name', 'city'], ['mobile', 'first_name'], 'mobile')).toEqual(['city']);
    expect(missingColumns(['mobile'], ['mobile'], 'mobile')).toEqual(['mobile']);
  });
});
