import { TZDate, tzOffset } from '@date-fns/tz';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A local calendar date in some zone, its weekday (0 = Sunday) and minute of the day. */
export type TLocalTime = { year: number; month: number; day: number; weekday: number; minuteOfDay: number };

/** The wall clock in `timeZone` at the instant `atMs`. */
export function localTime(atMs: number, timeZone: string): TLocalTime {
  const local = new TZDate(atMs, timeZone);
  return {
    year: local.getFullYear(),
    month: local.getMonth(),
    day: local.getDate(),
    weekday: local.getDay(),
    minuteOfDay: local.getHours() * 60 + local.getMinutes(),
  };
}

function offsetMs(timeZone: string, atMs: number): number {
  return Math.round(tzOffset(timeZone, new Date(atMs)) * MINUTE_MS);
}

/**
 * The first instant at which the clock in `timeZone` reads `wallMs` or later, where
 * `wallMs` holds the local date and time in its UTC fields (Date.UTC(y, m, d, h, min)).
 * A time that occurs twice (fall-back) gives its first occurrence; a time the clock skips
 * (spring-forward gap) gives the first instant after the gap.
 *
 * Done by hand from tzOffset instead of `new TZDate(y, m, d, h, min, zone)`: that
 * constructor resolves skipped and repeated times through the host's system zone, so
 * workers in different zones would disagree (Europe/Berlin 02:30 on 2026-10-25 is +01:00
 * on a UTC host, +02:00 on a Berlin host), which breaks workflow replay; and it moves a
 * skipped time forward by the gap's length (02:30 -> 03:30) rather than to its end.
 */
export function firstInstantAtOrAfter(wallMs: number, timeZone: string): number {
  // The true instant is within ±14 h of wallMs, so the offsets a day either side cover
  // both sides of any single transition near it.
  const offsets = [...new Set([-DAY_MS, 0, DAY_MS].map((shift) => offsetMs(timeZone, wallMs + shift)))];
  const candidates = offsets.map((offset) => wallMs - offset).sort((a, b) => a - b);
  const exact = candidates.find((at) => at + offsetMs(timeZone, at) === wallMs);
  if (exact !== undefined) return exact;
  // A gap: the earliest candidate is still on the old offset, the latest already on the
  // new one; the transition instant between them is where the clock passes wallMs.
  let before = candidates[0] ?? wallMs;
  let after = candidates[candidates.length - 1] ?? wallMs;
  const oldOffset = offsetMs(timeZone, before);
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (offsetMs(timeZone, mid) === oldOffset) before = mid;
    else after = mid;
  }
  return after;
}
