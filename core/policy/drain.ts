import { nextSendTime, type TSendWindow } from './send-window.js';

/** Messages that become due together, in one time zone (the one their send window is read in). */
export interface TDrainGroup {
  timeZone: string;
  messages: number;
}

const STEP_MS = 15 * 60_000;
const WEEK_MS = 8 * 24 * 3_600_000;
/** Windows a drain may span before the estimate gives up (about three years of daily windows). */
const MAX_WINDOWS = 1_000;

/** When the window open at `openMs` closes: the first instant after it at which sending must wait. */
export function windowCloseAfter(openMs: number, window: TSendWindow, timeZone: string): number {
  const isOpen = (ms: number) => nextSendTime(ms, window, timeZone) === ms;
  let low = openMs;
  let high = openMs + STEP_MS;
  while (isOpen(high)) {
    low = high;
    high += STEP_MS;
    // A window open all week (00:00-00:00 every day) never closes.
    if (high - openMs > WEEK_MS) return Number.POSITIVE_INFINITY;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (isOpen(middle)) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Seconds until `groups` have all gone out at `ratePerSec`, starting at `nowMs`, sending
 * only while `window` is open in each group's time zone (a message due while it is closed
 * waits for it to open, as the workflow and the message worker make it). Groups go in
 * the order their window opens, one after another: an estimate of the queue, not a
 * schedule. Null when the rate is unlimited (0).
 */
export function estimateDrainSeconds(input: {
  nowMs: number;
  ratePerSec: number;
  window?: TSendWindow | undefined;
  groups: readonly TDrainGroup[];
}): number | null {
  const { nowMs, ratePerSec, window } = input;
  if (ratePerSec <= 0) return null;
  const groups = input.groups.filter((group) => group.messages > 0);
  if (!window) return Math.ceil(groups.reduce((sum, group) => sum + group.messages, 0) / ratePerSec);
  const ordered = groups
    .map((group) => ({ ...group, opensAt: nextSendTime(nowMs, window, group.timeZone) }))
    .sort((a, b) => a.opensAt - b.opensAt);
  let clock = nowMs;
  for (const group of ordered) {
    let remaining = group.messages;
    for (let turn = 0; remaining > 0 && turn < MAX_WINDOWS; turn += 1) {
      const open = nextSendTime(clock, window, group.timeZone);
      const close = windowCloseAfter(open, window, group.timeZone);
      const capacity = ((close - open) / 1_000) * ratePerSec;
      if (remaining <= capacity) {
        clock = open + (remaining / ratePerSec) * 1_000;
        remaining = 0;
      } else {
        remaining -= capacity;
        clock = close;
      }
    }
  }
  return Math.ceil((clock - nowMs) / 1_000);
}
