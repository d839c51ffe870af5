import { describe, expect, it } from 'vitest';
import { detectCsvDelimiter } from './csv-header.js';

describe('detectCsvDelimiter', () => {
  it.each([
    ['phone,name\n+1,a', ','],
    ['phone;name;city\n+1;a;b', ';'],
    ['phone\tname\n+1\ta', '\t'],
    ['"a;b;c",x\n', ','],
    ['\n\nphone;name\n', ';'],
    ['phone\n+1', ','],
  ])('%j -> %j', (text, delimiter) => {
    expect(detectCsvDelimiter(text)).toBe(delimiter);
  });
});
