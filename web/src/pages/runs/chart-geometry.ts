/** One bucket of the chart: how many messages went out and how many replies came in. */
export interface TChartPoint {
  sent: number;
  replies: number;
}

/** Where each bucket's two bars stand in a chart of `width` × `height` (axes inside). */
export interface TChartLayout {
  /** The top of the y axis: a round number at or above the largest count (1 at least). */
  yMax: number;
  /** Values of the y axis' gridlines, 0 first. */
  yTicks: number[];
  /** The plotting area inside the axes. */
  plot: { left: number; top: number; width: number; height: number };
  bars: Array<{ x: number; barWidth: number; sentHeight: number; repliesHeight: number }>;
}

const MARGIN = { left: 40, right: 8, top: 8, bottom: 24 };

/** The smallest of 1, 2, 5 × 10^n at or above `value`. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((step) => step * power).find((nice) => nice >= value) ?? 10 * power) as number;
}

/**
 * A grouped bar chart's geometry: for every bucket, a sent bar and a replies bar side by
 * side, their heights on one linear scale from 0 to a round maximum. Pure, so it is tested
 * without a browser; the component only draws it.
 */
export function chartLayout(points: readonly TChartPoint[], width: number, height: number): TChartLayout {
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top,
    width: Math.max(0, width - MARGIN.left - MARGIN.right),
    height: Math.max(0, height - MARGIN.top - MARGIN.bottom),
  };
  const yMax = niceCeiling(Math.max(0, ...points.flatMap((p) => [p.sent, p.replies])));
  const yTicks = [0, yMax / 2, yMax].filter((tick) => Number.isInteger(tick));
  const slot = points.length > 0 ? plot.width / points.length : 0;
  const barWidth = Math.max(1, Math.min(24, (slot * 0.8) / 2));
  const scale = (count: number) => (count / yMax) * plot.height;
  const bars = points.map((point, i) => ({
    x: plot.left + i * slot + slot / 2 - barWidth,
    barWidth,
    sentHeight: scale(point.sent),
    repliesHeight: scale(point.replies),
  }));
  return { yMax, yTicks, plot, bars };
}
