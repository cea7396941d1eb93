// Chart colours and shared recharts props, read from CSS variables (app/globals.css) so both themes work.
export const STATUS_SERIES = [
  { key: "requests_2xx", label: "2xx", color: "var(--chart-2xx)" },
  { key: "requests_3xx", label: "3xx", color: "var(--chart-3xx)" },
  { key: "requests_4xx", label: "4xx", color: "var(--chart-4xx)" },
  { key: "requests_5xx", label: "5xx", color: "var(--chart-5xx)" },
] as const;

export const STATUS_CLASS_COLORS: Record<number, string> = {
  1: "var(--chart-axis)",
  2: "var(--chart-2xx)",
  3: "var(--chart-3xx)",
  4: "var(--chart-4xx)",
  5: "var(--chart-5xx)",
};

export const LATENCY_SERIES = [
  { key: "latency_p50", label: "p50", color: "var(--chart-p50)" },
  { key: "latency_p95", label: "p95", color: "var(--chart-p95)" },
  { key: "latency_p99", label: "p99", color: "var(--chart-p99)" },
] as const;

export const PREVIOUS_COLOR = "var(--chart-previous)";

export const AXIS_PROPS = {
  stroke: "var(--chart-axis)",
  tick: { fill: "var(--chart-axis)", fontSize: 11 },
  tickLine: false,
  axisLine: false,
} as const;

export const GRID_STROKE = "var(--chart-grid)";

export const TOOLTIP_PROPS = {
  contentStyle: {
    background: "var(--chart-tooltip-bg)",
    border: "1px solid var(--chart-tooltip-border)",
    borderRadius: 6,
    color: "var(--chart-tooltip-text)",
    fontSize: 12,
  },
  labelStyle: { color: "var(--chart-tooltip-text)", fontWeight: 600 },
  itemStyle: { color: "var(--chart-tooltip-text)", padding: 0 },
  cursor: { fill: "var(--chart-cursor)" },
} as const;

/**
 * Show every Nth tick, about seven per axis. A fixed interval also spares recharts from measuring every tick label
 * in the DOM to find which fit (a forced layout per label: most of a chart's render time with hundreds of buckets).
 */
export function tickInterval(points: number, ticks = 7): number {
  return Math.max(0, Math.ceil(points / ticks) - 1);
}
