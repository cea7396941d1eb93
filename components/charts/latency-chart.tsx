"use client";
import { memo, useMemo } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import {
  AXIS_PROPS,
  GRID_STROKE,
  LATENCY_SERIES,
  PARTIAL_PROPS,
  TOOLTIP_PROPS,
  timeAxisProps,
  tooltipLabel,
} from "@/components/charts/chart-theme";
import { logAxis } from "@/components/charts/log-axis";
import { partialKey, splitPartial } from "@/components/charts/split-partial";
import { useWidth } from "@/components/charts/use-width";
import { formatMs, formatMsTick } from "@/lib/dashboard/format";
import type { Bucket } from "@/lib/dashboard/time-range";

const HEIGHT = 240;

export type LatencyScale = "linear" | "log";

export interface LatencyPoint {
  t: string;
  latency_p50: number | null;
  latency_p95: number | null;
  latency_p99: number | null;
  /** The bucket covers only part of its interval (still running, or cut by the range). */
  partial?: boolean;
}

const LATENCY_KEYS = LATENCY_SERIES.map((series) => series.key);

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
  const points = useMemo(() => splitPartial(data, LATENCY_KEYS), [data]);
  return (
    <div ref={ref} role="img" aria-label={label} data-scale={scale} style={{ height: HEIGHT }}>
      {width !== null && (
        <LineChart width={width} height={HEIGHT} data={points} margin={{ top: 8, right: 4, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="t" {...AXIS_PROPS} {...timeAxisProps(data, width)} />
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
            labelFormatter={(t, payload) => tooltipLabel(String(t), bucket, payload)}
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
          {LATENCY_SERIES.map((series) => (
            <Line
              key={partialKey(series.key)}
              dataKey={partialKey(series.key)}
              name={series.label}
              stroke={series.color}
              strokeWidth={1.5}
              {...PARTIAL_PROPS}
            />
          ))}
        </LineChart>
      )}
    </div>
  );
});
