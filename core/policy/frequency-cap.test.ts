import { describe, expect, it } from 'vitest';
import { ZFrequencyCap, frequencyCapDecision } from './frequency-cap.js';

const H = 3_600_000;
const NOW = Date.UTC(2026, 0, 5, 12, 0);
const cap = { max: 3, windowHours: 24 };

describe('frequencyCapDecision', () => {
  it('allows a send under the cap', () => {
    expect(frequencyCapDecision({ nowMs: NOW, sentAtMs: [], cap })).toEqual({ ok: true });
    expect(frequencyCapDecision({ nowMs: NOW, sentAtMs: [NOW - H, NOW - 2 * H], cap })).toEqual({ ok: true });
  });

  it('at the cap, waits until the oldest send leaves the window', () => {
    const sentAtMs = [NOW - 2 * H, NOW - 10 * H, NOW - 5 * H]; // any order
    expect(frequencyCapDecision({ nowMs: NOW, sentAtMs, cap })).toEqual({
      ok: false,
      retryAtMs: NOW - 10 * H + 24 * H,
    });
  });

  it('over the cap (e.g. the cap was lowered), waits until enough have left for one more', () => {
    const sentAtMs = [NOW - 1 * H, NOW - 2 * H, NOW - 3 * H, NOW - 4 * H, NOW - 5 * H];
    // Five in the window, three allowed: the three oldest must leave, the last of them at -3 h.
    expect(frequencyCapDecision({ nowMs: NOW, sentAtMs, cap })).toEqual({ ok: false, retryAtMs: NOW - 3 * H + 24 * H });
  });

  it('a send exactly windowHours old no longer counts', () => {
    const sentAtMs = [NOW - 24 * H, NOW - 2 * H, NOW - H];
    expect(frequencyCapDecision({ nowMs: NOW, sentAtMs, cap })).toEqual({ ok: true });
    const justInside = [NOW - 24 * H + 1, NOW - 2 * H, NOW - H];
    expect(frequencyCapDecision({ nowMs: NOW, sentAtMs: justInside, cap })).toEqual({ ok: false, retryAtMs: NOW + 1 });
  });

  it('is allowed again at retryAtMs', () => {
    const sentAtMs = [NOW - 2 * H, NOW - 10 * H, NOW - 5 * H];
    const decision = frequencyCapDecision({ nowMs: NOW, sentAtMs, cap });
    if (decision.ok) throw new Error('expected the cap to be reached');
    expect(frequencyCapDecision({ nowMs: decision.retryAtMs - 1, sentAtMs, cap }).ok).toBe(false);
    expect(frequencyCapDecision({ nowMs: decision.retryAtMs, sentAtMs, cap })).toEqual({ ok: true });
  });

  it('uses the cap window length', () => {
    const hourly = { max: 1, windowHours: 1 };
    expect(frequencyCapDecision({ nowMs: NOW, sentAtMs: [NOW - 30 * 60_000], cap: hourly })).toEqual({
      ok: false,
      retryAtMs: NOW + 30 * 60_000,
    });
    expect(frequencyCapDecision({ nowMs: NOW, sentAtMs: [NOW - 2 * H], cap: hourly })).toEqual({ ok: true });
  });

  it('ignores non-finite timestamps', () => {
    expect(
      frequencyCapDecision({ nowMs: NOW, sentAtMs: [Number.NaN, NOW - H], cap: { max: 2, windowHours: 24 } }),
    ).toEqual({
      ok: true,
    });
  });
});

describe('ZFrequencyCap', () => {
  it('defaults windowHours to 24', () => {
    expect(ZFrequencyCap.parse({ max: 5 })).toEqual({ max: 5, windowHours: 24 });
  });

  it.each([
    [{ max: 0 }, /max must be at least 1/],
    [{ max: 1001 }, /max must be at most 1000/],
    [{ max: 1.5 }, /whole number/],
    [{ max: 1, windowHours: 0 }, /windowHours must be at least 1/],
    [{ max: 1, windowHours: 169 }, /at most 168/],
  ])('rejects %j', (input, message) => {
    const result = ZFrequencyCap.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});
