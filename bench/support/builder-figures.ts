/** The builder benchmark's figures: summaries of load times and frame times, and their printout. */
import type { LoadSample } from './builder-page-scripts.js';
import type { TransferFigures } from './transfer.js';

export type { LoadSample } from './builder-page-scripts.js';

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface FrameFigures {
  frames: number;
  mean: number;
  p95: number;
  max: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

export interface LoadFigures {
  samples: LoadSample[];
  interactive: Spread;
  /** From the journey's answer to interactive: the builder's own rendering. */
  render: Spread | undefined;
}

export function loadFigures(samples: LoadSample[]): LoadFigures {
  const renders = samples.flatMap((s) => (s.journeyLoadedMs === null ? [] : [s.interactiveMs - s.journeyLoadedMs]));
  return {
    samples,
    interactive: spread(samples.map((s) => s.interactiveMs)),
    render: renders.length === samples.length ? spread(renders) : undefined,
  };
}

export function frameFigures(durations: readonly number[]): FrameFigures {
  const sorted = [...durations].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, d) => sum + d, 0) / Math.max(1, sorted.length);
  return { frames: sorted.length, mean, p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const line = (s: Spread) => `median ${ms(s.median)}, min ${ms(s.min)}, max ${ms(s.max)}`;

export function printFigures(result: {
  nodes: number;
  warmUp: LoadSample;
  loads: LoadFigures;
  frames: FrameFigures;
  drags: number;
  steps: number;
  chromium: string;
}): void {
  const { loads, frames } = result;
  console.log('');
  console.log(`== builder with ${result.nodes} nodes (headless Chromium ${result.chromium}, no GPU)`);
  console.log(`navigation -> interactive (${loads.samples.length} loads): ${line(loads.interactive)}`);
  console.log(
    `  each: ${loads.samples.map((s) => s.interactiveMs.toFixed(0)).join(', ')} ms (warm-up, not counted: ${result.warmUp.interactiveMs.toFixed(0)} ms)`,
  );
  if (loads.render) console.log(`  of which journey answer -> interactive (rendering): ${line(loads.render)}`);
  console.log(
    `drag (${result.drags} x ${result.steps} mouse moves): ${frames.frames} frames, mean ${ms(frames.mean)}, p95 ${ms(frames.p95)}, max ${ms(frames.max)}`,
  );
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** One line per first load: bytes over the wire (compressed as sent) and decoded, the app's files and the API's answers apart. */
export function printTransfer(label: string, figures: TransferFigures): void {
  const { app, api } = figures;
  console.log(
    `first load of ${label}, empty cache: ${kB(app.wire + api.wire)} over the wire in ${app.requests + api.requests} requests` +
      ` (app files ${kB(app.wire)} in ${app.requests}, ${kB(app.decoded)} decoded;` +
      ` API ${kB(api.wire)} in ${api.requests}, ${kB(api.decoded)} decoded)`,
  );
}
