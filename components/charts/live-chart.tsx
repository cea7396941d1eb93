"use client";
import { memo } from "react";
import { Bar, BarChart, Tooltip, XAxis } from "recharts";
import { STATUS_SERIES, TOOLTIP_PROPS } from "@/components/charts/chart-theme";
import { formatClock, formatCount } from "@/lib/dashboard/format";

export interface LivePoint {
  t: string;
  requests_2xx: number;
  requests_3xx: number;
  requests_4xx: number;
  requests_5xx: number;
}

/** The last minutes at 10-second grain: a compact stacked bar strip. */
export const LiveChart = memo(function LiveChart({ data, label }: { data: LivePoint[]; label: string }) {
  return (
    <div role="img" aria-label={label}>
      <BarChart responsive style={{ width: "100%", height: 96 }} data={data} margin={{ top: 4, right: 0, bottom: 0, left: 0 }} barCategoryGap={1}>
        <XAxis dataKey="t" hide />
        <Tooltip {...TOOLTIP_PROPS} labelFormatter={(t) => formatClock(String(t))} formatter={(value) => formatCount(Number(value))} />
        {STATUS_SERIES.map((series) => (
          <Bar key={series.key} dataKey={series.key} name={series.label} stackId="status" fill={series.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </div>
  );
});
