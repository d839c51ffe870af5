import { parse } from 'tinyduration';

export type TDurationResult = { ok: true; ms: number } | { ok: false; reason: string };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

// tinyduration's own pattern is not anchored ("xPT1Sx" parses) and accepts "P1DT" and
// negative components, so the whole string is checked here first.
const NUM = '\\d+(?:[.,]\\d+)?';
const ISO_DURATION = new RegExp(
  `^P(?!$)(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?=\\d)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
);

const EXAMPLE = 'use an ISO-8601 duration such as PT30S, PT15M, PT2H, P3D or P1W';

/**
 * Parses an ISO-8601 duration (`PT30S`, `PT2H`, `P3D`, `P1W`) into milliseconds.
 * Years and months are rejected rather than approximated: their length depends on the
 * calendar date (28–31 days, leap years) and a timer needs one fixed length, so a
 * "1 month" wait would silently mean different things to the builder and the workflow.
 */
export function parseDuration(iso: string): TDurationResult {
  if (typeof iso !== 'string' || iso.trim() === '') return { ok: false, reason: `duration is empty: ${EXAMPLE}` };
  if (iso.startsWith('-')) return { ok: false, reason: 'duration must not be negative' };
  if (!ISO_DURATION.test(iso)) return { ok: false, reason: `"${iso}" is not a valid duration: ${EXAMPLE}` };
  const parts = parse(iso);
  if (parts.years || parts.months) {
    return {
      ok: false,
      reason: `"${iso}" uses years or months, whose length varies with the calendar: use days or weeks (e.g. P30D)`,
    };
  }
  const ms = Math.round(
    (parts.weeks ?? 0) * WEEK +
      (parts.days ?? 0) * DAY +
      (parts.hours ?? 0) * HOUR +
      (parts.minutes ?? 0) * MINUTE +
      (parts.seconds ?? 0) * SECOND,
  );
  if (ms <= 0) return { ok: false, reason: `duration "${iso}" must be greater than zero` };
  if (!Number.isSafeInteger(ms)) return { ok: false, reason: `duration "${iso}" is too long` };
  return { ok: true, ms };
}

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [WEEK, 'week'],
  [DAY, 'day'],
  [HOUR, 'hour'],
  [MINUTE, 'minute'],
];

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** Renders milliseconds as words, largest unit first: 93_600_000 -> "1 day 2 hours". */
export function formatMs(ms: number): string {
  const words: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [size, unit] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) words.push(plural(count, unit));
    rest -= count * size;
  }
  // Sub-second waits are legal (PT1.5S), so seconds keep up to 3 decimals.
  if (rest > 0) words.push(plural(Number((rest / SECOND).toFixed(3)), 'second'));
  return words.length > 0 ? words.join(' ') : '0 seconds';
}

/**
 * Human words for an ISO-8601 duration, for the web builder: "PT2H" -> "2 hours",
 * "P3DT4H" -> "3 days 4 hours", "PT90M" -> "1 hour 30 minutes".
 * Returns "invalid duration" when parseDuration would reject the input.
 */
export function formatDuration(iso: string): string {
  const parsed = parseDuration(iso);
  return parsed.ok ? formatMs(parsed.ms) : 'invalid duration';
}
