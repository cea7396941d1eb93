"use client";
import { memo } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_PROPS, GRID_STROKE, LATENCY_SERIES, TOOLTIP_PROPS } from "@/components/charts/chart-theme";
import { formatBucket, formatBucketTick, formatMs, formatMsTick } from "@/lib/dashboard/format";
import type { Bucket } from "@/lib/dashboard/time-range";

export interface LatencyPoint {
  t: string;
  latency_p50: number | null;
  latency_p95: number | null;
  latency_p99: number | null;
}

/** p50/p95/p99 per bucket; buckets without requests leave gaps. */
export const LatencyChart = memo(function LatencyChart({ data, bucket, label }: { data: LatencyPoint[]; bucket: Bucket; label: string }) {
  return (
    <div role="img" aria-label={label}>
      <LineChart responsive style={{ width: "100%", height: 240 }} data={data} margin={{ top: 8, right: 4, bottom: 0, left: -8 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="t" {...AXIS_PROPS} minTickGap={28} tickFormatter={(t: string) => formatBucketTick(t, bucket)} />
        <YAxis {...AXIS_PROPS} width={52} tickFormatter={(value: number) => formatMsTick(value)} />
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
    </div>
  );
});
