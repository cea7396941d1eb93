"use client";
import { memo, useMemo } from "react";
import { Area, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import {
  AXIS_PROPS,
  GRID_STROKE,
  PARTIAL_PROPS,
  PREVIOUS_COLOR,
  STATUS_SERIES,
  TOOLTIP_PROPS,
  timeAxisProps,
  tooltipLabel,
} from "@/components/charts/chart-theme";
import { partialKey, splitPartial } from "@/components/charts/split-partial";
import { useWidth } from "@/components/charts/use-width";
import { formatCompact, formatCount } from "@/lib/dashboard/format";
import type { Bucket } from "@/lib/dashboard/time-range";

const HEIGHT = 240;

export interface RequestsPoint {
  t: string;
  requests_2xx: number;
  requests_3xx: number;
  requests_4xx: number;
  requests_5xx: number;
  /** Requests in the same bucket of the previous period, when comparing. */
  previous?: number | null;
  /** The bucket covers only part of its interval (still running, or cut by the range). */
  partial?: boolean;
}

const STATUS_KEYS = STATUS_SERIES.map((series) => series.key);

/** Requests per bucket, stacked by status class; optionally the previous period as a dashed line. */
export const RequestsChart = memo(function RequestsChart({
  data,
  bucket,
  label,
}: {
  data: RequestsPoint[];
  bucket: Bucket;
  label: string;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const comparing = data.some((point) => point.previous !== undefined);
  const points = useMemo(() => splitPartial(data, STATUS_KEYS), [data]);
  return (
    <div ref={ref} role="img" aria-label={label} style={{ height: HEIGHT }}>
      {width !== null && (
        <ComposedChart width={width} height={HEIGHT} data={points} margin={{ top: 8, right: 4, bottom: 0, left: -8 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="t" {...AXIS_PROPS} {...timeAxisProps(data, width)} />
          <YAxis
            {...AXIS_PROPS}
            interval={0}
            width={48}
            allowDecimals={false}
            tickFormatter={(value: number) => formatCompact(value)}
          />
          <Tooltip
            {...TOOLTIP_PROPS}
            labelFormatter={(t, payload) => tooltipLabel(String(t), bucket, payload)}
            formatter={(value) => formatCount(Number(value))}
          />
          {/* Stacked areas: four paths, where bars would be four rectangles per bucket (hundreds to draw). */}
          {STATUS_SERIES.map((series) => (
            <Area
              key={series.key}
              type="linear"
              dataKey={series.key}
              name={series.label}
              stackId="status"
              stroke={series.color}
              fill={series.color}
              fillOpacity={0.85}
              strokeWidth={1}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          ))}
          {STATUS_SERIES.map((series) => (
            <Area
              key={partialKey(series.key)}
              type="linear"
              dataKey={partialKey(series.key)}
              name={series.label}
              stackId="partial"
              stroke={series.color}
              fill={series.color}
              {...PARTIAL_PROPS}
              activeDot={false}
            />
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
      )}
    </div>
  );
});
