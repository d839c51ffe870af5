import { describe, expect, it } from 'vitest';
import { neutraliseCell } from './neutralise.js';

describe('neutraliseCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `'=HYPERLINK("http://evil.example","click")`],
    ["=cmd|' /C calc'!A0", `'=cmd|' /C calc'!A0`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['-2+3', `'-2+3`],
    ['+1 555 0100', `'+1 555 0100`],
    ['+cmd', `'+cmd`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['\n=1+1', `'\n=1+1`],
    ['\0=1+1', `'\0=1+1`],
    ['\uFF1D1+1', `'\uFF1D1+1`],
    ['-', `'-`],
    ['+', `'+`],
  ])('neutralises %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it.each(['+14155550100', '+447911123456', '+4930123456'])('leaves the E.164 phone %s untouched', (phone) => {
    expect(neutraliseCell(phone)).toBe(phone);
  });

  it('neutralises a +number too short or too long for E.164 only when it is not a plain number', () => {
    // A bare signed integer is a plain number either way: a spreadsheet reads it as one.
    expect(neutraliseCell('+12345')).toBe('+12345');
    expect(neutraliseCell('+0123456789')).toBe('+0123456789');
    expect(neutraliseCell('+1415555010;')).toBe(`'+1415555010;`);
  });

  it.each(['-5', '+3.2', '-0.25', '42'])('leaves the plain number %s untouched', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });

  it.each([
    'hello',
    '',
    ' =not at start',
    "'already quoted",
    '2024-01-01T00:00:00.000Z',
    'a=b',
    'x@example.com',
    '1e5',
  ])('leaves ordinary text %j untouched', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });
});
