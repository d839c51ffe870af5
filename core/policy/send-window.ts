// Pure maths, imported by workflow code. No zod here (the schemas are in schemas.ts): the
// workflow bundle is evaluated again for every new contact workflow, so it stays small.
import { firstInstantAtOrAfter, localTime } from './local-time.js';
import { isTimeZone } from './time-zone.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type TWeekday = (typeof WEEKDAYS)[number];

const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 24 * 60;

/**
 * The local hours in which messages may go out: from `start` (inclusive) to `end`
 * (exclusive), both "HH:mm". An `end` before `start` crosses midnight (21:00-06:00). With
 * `days`, the window opens only on those local weekdays; a window crossing midnight
 * belongs to the day it opens, so "fri 21:00-06:00" runs into Saturday morning.
 * Validated by ZSendWindow (schemas.ts).
 */
export type TSendWindow = {
  start: string;
  end: string;
  days?: TWeekday[] | undefined;
};

function minuteOfDay(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * When a message due at `atMs` may go out under `window`, read in `timeZone`: `atMs`
 * itself if the window is open then, else the instant it next opens. An opening time
 * that a daylight-saving change skips opens at the first instant after the gap; one that
 * occurs twice opens at its first occurrence (the end of the window follows the same
 * rules). A window lying wholly in a gap does not open that day.
 * Throws a RangeError for an unknown zone: parse settings with ZTimeZone first.
 */
export function nextSendTime(atMs: number, window: TSendWindow, timeZone: string): number {
  if (!isTimeZone(timeZone)) throw new RangeError(`"${timeZone}" is not a known IANA time zone`);
  if (!Number.isFinite(atMs)) throw new RangeError(`send time must be finite, got ${atMs}`);
  const start = minuteOfDay(window.start);
  let end = minuteOfDay(window.end);
  if (end <= start) end += MINUTES_PER_DAY;
  const days = window.days && new Set(window.days);
  const today = localTime(atMs, timeZone);
  // From yesterday (a window crossing midnight may still be open) through a week ahead,
  // which holds an opening for any non-empty set of weekdays.
  for (let offset = -1; offset <= 8; offset += 1) {
    const midnight = Date.UTC(today.year, today.month, today.day + offset);
    const weekday = WEEKDAYS[new Date(midnight).getUTCDay()];
    if (days && (weekday === undefined || !days.has(weekday))) continue;
    const opensAt = firstInstantAtOrAfter(midnight + start * MINUTE_MS, timeZone);
    const closesAt = firstInstantAtOrAfter(midnight + end * MINUTE_MS, timeZone);
    if (atMs < opensAt && opensAt < closesAt) return opensAt;
    if (atMs >= opensAt && atMs < closesAt) return atMs;
  }
  // Unreachable for a parsed window (days has at least one entry); kept for type safety.
  throw new RangeError('send window never opens: it names no weekday');
}
