const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Bucket sizes a run's chart may use, smallest first. */
export const BUCKET_SIZES_MS: readonly number[] = [
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
];

/** At most this many buckets: enough points for a chart a person reads at a glance. */
export const MAX_BUCKETS = 60;

/**
 * The smallest bucket size that covers `spanMs` in at most MAX_BUCKETS buckets (a week past
 * the largest), and how many buckets that takes (at least one).
 */
export function chooseBucket(spanMs: number): { sizeMs: number; count: number } {
  const span = Math.max(0, spanMs);
  const largest = BUCKET_SIZES_MS[BUCKET_SIZES_MS.length - 1] as number;
  const sizeMs = BUCKET_SIZES_MS.find((size) => span / size <= MAX_BUCKETS) ?? largest;
  return { sizeMs, count: Math.max(1, Math.ceil(span / sizeMs)) };
}
