// Chart colours and shared recharts props, read from CSS variables (app/globals.css) so both themes work.
import { formatBucket } from "@/lib/dashboard/format";
import { timeTicks } from "@/lib/dashboard/time-ticks";
import type { Bucket } from "@/lib/dashboard/time-range";

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
  // A partial bucket's value is in both its series: list it once.
  payloadUniqBy: (entry: { name?: unknown }) => entry.name,
} as const;

// What of a time chart's width isn't plot: the y axis (48–52 px) and the margins.
const Y_AXIS_AND_MARGINS_PX = 56;

/**
 * The x axis of a time chart: ticks on the boundaries its span calls for (lib/dashboard/time-ticks.ts). Explicit
 * ticks also spare recharts from measuring every label in the DOM to find which fit (a forced layout per label).
 */
export function timeAxisProps(points: ReadonlyArray<{ t: string }>, width: number) {
  const ticks = timeTicks(
    points.map((point) => point.t),
    width - Y_AXIS_AND_MARGINS_PX,
  );
  const labels = new Map(ticks.map((tick) => [tick.t, tick.label]));
  return {
    ticks: ticks.map((tick) => tick.t),
    interval: 0 as const,
    tickFormatter: (t: string) => labels.get(t) ?? "",
  };
}

/** A partial bucket's series: lighter and dashed. */
export const PARTIAL_PROPS = {
  className: "partial-bucket",
  strokeDasharray: "3 3",
  fillOpacity: 0.3,
  dot: false,
  isAnimationActive: false,
} as const;

/** The tooltip's title: the bucket, and whether its interval is complete. */
export function tooltipLabel(t: string, bucket: Bucket, payload: ReadonlyArray<{ payload?: unknown }>): string {
  const partial = (payload[0]?.payload as { partial?: boolean } | undefined)?.partial === true;
  return `${formatBucket(t, bucket)}${partial ? " (partial)" : ""}`;
}
