/**
 * How fast this machine's CPU is right now, as the time one fixed loop takes. The machines
 * here are virtual, and their speed drifts: the same loop took 677 ms and then 916 ms, back
 * to back, and a bench's CPU per contact moved with it in every process alike (Postgres
 * too). Printed before and after a bench, so figures from different runs and machines can
 * be compared for what they are. Written by hand: it is one loop, not a benchmark suite.
 */
export function cpuSpeedMs(): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round += 1) {
    const started = performance.now();
    let sum = 0;
    for (let i = 0; i < 50_000_000; i += 1) sum += i % 7;
    // Used, so the loop is not optimised away.
    if (sum < 0) throw new Error('unreachable');
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** One line for a bench's output: the loop's best time of three (lower is a faster machine). */
export function cpuSpeedLine(label: string): string {
  return `cpu speed ${label}: ${cpuSpeedMs().toFixed(0)} ms for the reference loop (lower is faster)`;
}
