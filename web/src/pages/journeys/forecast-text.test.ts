import { describe, expect, it } from 'vitest';
import { durationText, rangeText } from './forecast-text';

describe('rangeText', () => {
  it('says one number, a span, or "or more" for a loop', () => {
    expect(rangeText({ min: 3, max: 3 })).toBe('3');
    expect(rangeText({ min: 2, max: 4 })).toBe('2 to 4');
    expect(rangeText({ min: 1200, max: null })).toBe(`${(1200).toLocaleString()} or more`);
  });
});

describe('durationText', () => {
  it('rounds to what a person plans with', () => {
    expect(durationText(null)).toBe('no send-rate limit');
    expect(durationText(12)).toBe('under a minute');
    expect(durationText(60)).toBe('about 1 min');
    expect(durationText(3_600)).toBe('1 h');
    expect(durationText(7_800)).toBe('2 h 10 min');
    expect(durationText(86_400 + 4 * 3_600)).toBe('1 day 4 h');
    expect(durationText(3 * 86_400)).toBe('3 days');
  });
});
