/** How a run of timestamps (epoch ms) fills one-second windows: shared by the rate test and bench:send. */

/** How many timestamps fall in each wall-clock second, oldest second first. */
export function perWallClockSecond(times: readonly number[]): number[] {
  const seconds = new Map<number, number>();
  for (const at of times) seconds.set(Math.floor(at / 1_000), (seconds.get(Math.floor(at / 1_000)) ?? 0) + 1);
  return [...seconds.entries()].sort(([a], [b]) => a - b).map(([, count]) => count);
}

/** The most timestamps any window [t, t + windowMs) holds. */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= windowMs) first += 1;
    max = Math.max(max, last - first + 1);
  }
  return max;
}
