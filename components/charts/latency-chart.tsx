"use client";
import { memo } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_PROPS, GRID_STROKE, LATENCY_SERIES, TOOLTIP_PROPS, tickInterval } from "@/components/charts/chart-theme";
import { useWidth } from "@/components/charts/use-width";
import { formatBucket, formatBucketTick, formatMs, formatMsTick } from "@/lib/dashboard/format";
import type { Bucket } from "@/lib/dashboard/time-range";

const HEIGHT = 240;

export type LatencyScale = "linear" | "log";

export interface LatencyPoint {
  t: string;
  latency_p50: number | null;
  latency_p95: number | null;
  latency_p99: number | null;
}

const LOG_STEPS = [1, 2, 5];

/**
 * A log axis from the decade below the fastest percentile to the one above the slowest, ticked at 1-2-5 steps, so a
 * p99 spike doesn't flatten p50 and p95 against the floor.
 */
export function logAxis(data: readonly LatencyPoint[]): { scale: "log"; domain: [number, number]; ticks: number[] } {
  const values = data
    .flatMap((point) => [point.latency_p50, point.latency_p95, point.latency_p99])
    .filter((value): value is number => value !== null && value > 0);
  const low = 10 ** Math.floor(Math.log10(values.length ? Math.min(...values) : 1));
  const high = Math.max(10 ** Math.ceil(Math.log10(values.length ? Math.max(...values) : 10)), low * 10);
  const ticks: number[] = [];
  for (let decade = low; decade < high; decade *= 10) ticks.push(...LOG_STEPS.map((step) => step * decade));
  ticks.push(high);
  // Every 1-2-5 step fits on a few decades; beyond that, powers of ten only.
  return { scale: "log", domain: [low, high], ticks: ticks.length > 10 ? ticks.filter((_, i) => i % 3 === 0) : ticks };
}

/** p50/p95/p99 per bucket on a linear or log axis; buckets without requests leave gaps. */
export const LatencyChart = memo(function LatencyChart({
  data,
  bucket,
  label,
  scale = "linear",
}: {
  data: LatencyPoint[];
  bucket: Bucket;
  label: string;
  scale?: LatencyScale;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  return (
    <div ref={ref} role="img" aria-label={label} data-scale={scale} style={{ height: HEIGHT }}>
      {width !== null && (
        <LineChart width={width} height={HEIGHT} data={data} margin={{ top: 8, right: 4, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis
            dataKey="t"
            {...AXIS_PROPS}
            interval={tickInterval(data.length)}
            tickFormatter={(t: string) => formatBucketTick(t, bucket)}
          />
          <YAxis
            {...AXIS_PROPS}
            {...(scale === "log" ? logAxis(data) : {})}
            interval={0}
            width={52}
            tickFormatter={(value: number) => formatMsTick(value)}
          />
          <Tooltip
            {...TOOLTIP_PROPS}
            cursor={{ stroke: "var(--chart-axis)" }}
            labelFormatter={(t) => formatBucket(String(t), bucket)}
            formatter={(value) => formatMs(value === null || value === undefined ? null : Number(value))}
          />
          {LATENCY_SERIES.map((series) => (
            <Line
              key={series.key}
              dataKey={series.key}
              name={series.label}
              stroke={series.color}
              strokeWidth={series.key === "latency_p50" ? 2 : 1.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </div>
  );
});
