import { describe, expect, it } from 'vitest';
import { estimateDrainSeconds, windowCloseAfter } from './drain.js';

// Wednesday 2026-03-04 10:00 UTC.
const WEDNESDAY_10 = Date.UTC(2026, 2, 4, 10, 0, 0);
const HOUR = 3_600;

describe('estimateDrainSeconds', () => {
  it('is messages over the rate without a window, and null for an unlimited rate', () => {
    expect(
      estimateDrainSeconds({ nowMs: WEDNESDAY_10, ratePerSec: 50, groups: [{ timeZone: 'UTC', messages: 3_000 }] }),
    ).toBe(60);
    expect(
      estimateDrainSeconds({ nowMs: WEDNESDAY_10, ratePerSec: 50, groups: [{ timeZone: 'UTC', messages: 1 }] }),
    ).toBe(1);
    expect(
      estimateDrainSeconds({ nowMs: WEDNESDAY_10, ratePerSec: 0, groups: [{ timeZone: 'UTC', messages: 10 }] }),
    ).toBeNull();
  });

  it('waits for the window to open, and carries what does not fit into the next day', () => {
    const window = { start: '09:00', end: '11:00' };
    // Open now, with an hour left: 100 messages at 1/s fit.
    expect(
      estimateDrainSeconds({
        nowMs: WEDNESDAY_10,
        ratePerSec: 1,
        window,
        groups: [{ timeZone: 'UTC', messages: 100 }],
      }),
    ).toBe(100);
    // 3,600 fit before 11:00; the other 400 go out from 09:00 the next day.
    expect(
      estimateDrainSeconds({
        nowMs: WEDNESDAY_10,
        ratePerSec: 1,
        window,
        groups: [{ timeZone: 'UTC', messages: 4_000 }],
      }),
    ).toBe(23 * HOUR + 400);
    // Read in New York (UTC-5): 10:00 UTC is 05:00 there, so nothing goes before 14:00 UTC.
    expect(
      estimateDrainSeconds({
        nowMs: WEDNESDAY_10,
        ratePerSec: 1,
        window,
        groups: [{ timeZone: 'America/New_York', messages: 10 }],
      }),
    ).toBe(4 * HOUR + 10);
  });

  it('finds where an open window closes', () => {
    const close = windowCloseAfter(WEDNESDAY_10, { start: '09:00', end: '10:05' }, 'UTC');
    expect(close).toBe(Date.UTC(2026, 2, 4, 10, 5, 0));
    expect(windowCloseAfter(WEDNESDAY_10, { start: '00:00', end: '00:00' }, 'UTC')).toBe(Number.POSITIVE_INFINITY);
  });
});
