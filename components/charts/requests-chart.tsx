"use client";
import { memo } from "react";
import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_PROPS, GRID_STROKE, PREVIOUS_COLOR, STATUS_SERIES, TOOLTIP_PROPS } from "@/components/charts/chart-theme";
import { formatBucket, formatBucketTick, formatCompact, formatCount } from "@/lib/dashboard/format";
import type { Bucket } from "@/lib/dashboard/time-range";

export interface RequestsPoint {
  t: string;
  requests_2xx: number;
  requests_3xx: number;
  requests_4xx: number;
  requests_5xx: number;
  /** Requests in the same bucket of the previous period, when comparing. */
  previous?: number | null;
}

/** Requests per bucket, stacked by status class; optionally the previous period as a dashed line. */
export const RequestsChart = memo(function RequestsChart({ data, bucket, label }: { data: RequestsPoint[]; bucket: Bucket; label: string }) {
  const comparing = data.some((point) => point.previous !== undefined);
  return (
    <div role="img" aria-label={label}>
      <ComposedChart responsive style={{ width: "100%", height: 240 }} data={data} margin={{ top: 8, right: 4, bottom: 0, left: -8 }} barCategoryGap={1}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="t" {...AXIS_PROPS} minTickGap={28} tickFormatter={(t: string) => formatBucketTick(t, bucket)} />
        <YAxis {...AXIS_PROPS} width={48} allowDecimals={false} tickFormatter={(value: number) => formatCompact(value)} />
        <Tooltip
          {...TOOLTIP_PROPS}
          labelFormatter={(t) => formatBucket(String(t), bucket)}
          formatter={(value) => formatCount(Number(value))}
        />
        {STATUS_SERIES.map((series) => (
          <Bar key={series.key} dataKey={series.key} name={series.label} stackId="status" fill={series.color} isAnimationActive={false} />
        ))}
        {comparing && (
          <Line
            dataKey="previous"
            name="Previous period"
            stroke={PREVIOUS_COLOR}
            strokeDasharray="4 3"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        )}
      </ComposedChart>
    </div>
  );
});
