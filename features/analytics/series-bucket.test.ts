import { describe, expect, it } from 'vitest';
import { chooseBucket, MAX_BUCKETS } from './series-bucket.js';

const MINUTE = 60_000;

describe('chooseBucket', () => {
  it.each([
    [0, 10_000, 1],
    [25_000, 10_000, 3],
    [10 * MINUTE, 10_000, 60],
    [10 * MINUTE + 1, 30_000, 21],
    [3 * 60 * MINUTE, 5 * MINUTE, 36],
    [7 * 24 * 60 * MINUTE, 3 * 60 * MINUTE, 56],
    [90 * 24 * 60 * MINUTE, 7 * 24 * 60 * MINUTE, 13],
  ])('a span of %d ms takes buckets of %d ms, %d of them', (span, sizeMs, count) => {
    expect(chooseBucket(span)).toEqual({ sizeMs, count });
  });

  it('never needs more than MAX_BUCKETS buckets below a year', () => {
    for (let span = 1; span < 365 * 24 * 60 * MINUTE; span *= 1.7) {
      expect(chooseBucket(span).count).toBeLessThanOrEqual(MAX_BUCKETS);
    }
  });
});
