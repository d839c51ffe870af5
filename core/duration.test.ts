import { describe, expect, it } from 'vitest';
import { formatDuration, formatMs, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['PT30S', 30_000],
    ['PT15M', 900_000],
    ['PT2H', 7_200_000],
    ['P3D', 259_200_000],
    ['P1W', 604_800_000],
    ['P1DT2H30M', 95_400_000],
    ['PT1.5S', 1_500],
    ['PT0,5H', 1_800_000],
  ])('%s is %d ms', (iso, ms) => {
    expect(parseDuration(iso)).toEqual({ ok: true, ms });
  });

  it.each(['P1Y', 'P1M', 'P1Y2D'])('rejects calendar unit in %s and suggests days', (iso) => {
    const result = parseDuration(iso);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/years or months.*P30D/);
  });

  it.each(['PT0S', 'P0D', 'PT0.0001S'])('rejects zero-length %s', (iso) => {
    expect(parseDuration(iso)).toMatchObject({ ok: false, reason: expect.stringMatching(/greater than zero/) });
  });

  it.each(['', '30', 'P', 'PT', 'P1DT', 'PT30', 'xPT30Sx', 'pt30s', 'PT30S ', 'P1H', 'PT1D', 'P-1D'])(
    'rejects malformed %j',
    (iso) => {
      expect(parseDuration(iso)).toMatchObject({ ok: false, reason: expect.any(String) });
    },
  );

  it('rejects negative durations with their own reason', () => {
    expect(parseDuration('-PT1H')).toEqual({ ok: false, reason: 'duration must not be negative' });
  });

  it('rejects durations too long to be a safe integer of ms', () => {
    expect(parseDuration('P99999999999W')).toMatchObject({ ok: false, reason: expect.stringMatching(/too long/) });
  });
});

describe('formatDuration', () => {
  it.each([
    ['PT2H', '2 hours'],
    ['P3DT4H', '3 days 4 hours'],
    ['PT30S', '30 seconds'],
    ['PT1S', '1 second'],
    ['PT90M', '1 hour 30 minutes'],
    ['P1W', '1 week'],
    ['P10D', '1 week 3 days'],
    ['PT1.5S', '1.5 seconds'],
  ])('%s reads as %s', (iso, words) => {
    expect(formatDuration(iso)).toBe(words);
  });

  it('says when the input is not a usable duration', () => {
    expect(formatDuration('P1M')).toBe('invalid duration');
  });

  it('formats zero milliseconds', () => {
    expect(formatMs(0)).toBe('0 seconds');
  });
});
