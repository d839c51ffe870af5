import { describe, expect, it } from 'vitest';
import { goalText, percentText, pValueText, secondsText, significanceWords } from './analytics-format';
import { chartLayout, niceCeiling } from './chart-geometry';

describe('analytics words', () => {
  it('writes rates, p-values and times to reply', () => {
    expect(percentText(2 / 3)).toBe('66.7%');
    expect(percentText(null)).toBe('—');
    expect(pValueText(0.020979)).toBe('p = 0.021');
    expect(pValueText(0.0004)).toBe('p < 0.001');
    expect(secondsText(0.695)).toBe('0.7 s');
    expect(secondsText(200)).toBe('3 minutes 20 seconds');
    expect(secondsText(null)).toBe('—');
  });

  it('says whether a split is significant at 5%, and why there is no verdict otherwise', () => {
    expect(significanceWords({ type: 'split', test: 'fisher', pValue: 0.021 })).toBe(
      'Significant at 5% (p = 0.021, Fisher’s exact test)',
    );
    expect(significanceWords({ type: 'split', test: 'z', pValue: 0.2 })).toBe(
      'Not yet significant (p = 0.20, two-proportion z-test)',
    );
    expect(significanceWords({ type: 'split', test: null, pValue: null })).toMatch(/^No test yet/);
    expect(significanceWords({ type: 'condition', test: null, pValue: null })).toMatch(/^Not tested/);
  });

  it('describes the goal', () => {
    expect(goalText({ kind: 'reply', match: 'contains', value: 'buy', window: 'P7D' })).toBe(
      'A reply that contains “buy”, within 1 week of the start',
    );
    expect(goalText({ kind: 'event', event: 'order.paid', window: 'P2D' })).toBe(
      'The event “order.paid” within 2 days of the start',
    );
    expect(goalText(null)).toMatch(/^No goal/);
  });
});

describe('chartLayout', () => {
  it('rounds the scale up and places two bars per bucket on it', () => {
    expect([0, 1, 3, 7, 12, 20, 51].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 20, 100]);
    const layout = chartLayout(
      [
        { sent: 10, replies: 5 },
        { sent: 0, replies: 0 },
      ],
      248,
      132,
    );
    expect(layout.yMax).toBe(10);
    expect(layout.yTicks).toEqual([0, 5, 10]);
    expect(layout.plot).toEqual({ left: 40, top: 8, width: 200, height: 100 });
    expect(layout.bars).toEqual([
      { x: 66, barWidth: 24, sentHeight: 100, repliesHeight: 50 },
      { x: 166, barWidth: 24, sentHeight: 0, repliesHeight: 0 },
    ]);
  });

  it('keeps a scale of 1 for an empty run', () => {
    expect(chartLayout([{ sent: 0, replies: 0 }], 100, 100).yMax).toBe(1);
    expect(chartLayout([], 100, 100).bars).toEqual([]);
  });
});
