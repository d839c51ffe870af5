import { describe, expect, it } from 'vitest';
import { countSegments } from './segments.js';

describe('countSegments', () => {
  it('counts SMS segments for GSM-7 and UCS-2 bodies', () => {
    expect(countSegments('a'.repeat(160), 'sms')).toBe(1);
    expect(countSegments('a'.repeat(161), 'sms')).toBe(2);
    expect(countSegments('€'.repeat(80), 'sms')).toBe(1);
    expect(countSegments('€'.repeat(81), 'sms')).toBe(2);
    expect(countSegments('é'.repeat(10) + 'ł', 'sms')).toBe(1);
    expect(countSegments('ł'.repeat(71), 'sms')).toBe(2);
    expect(countSegments('x'.repeat(1600), 'whatsapp')).toBe(1);
  });

  it('counts emoji as two UTF-16 units and the GSM extension table as two septets', () => {
    expect(countSegments('🙂'.repeat(35), 'sms')).toBe(1);
    expect(countSegments('🙂'.repeat(36), 'sms')).toBe(2);
    expect(countSegments('{'.repeat(81), 'sms')).toBe(2);
  });
});
