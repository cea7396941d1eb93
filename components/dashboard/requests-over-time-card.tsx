"use client";
import { useMemo, useState } from "react";
import { ChartLegend } from "@/components/charts/chart-legend";
import { PREVIOUS_COLOR, STATUS_SERIES } from "@/components/charts/chart-theme";
import { LazyRequestsChart } from "@/components/charts/lazy-charts";
import type { RequestsPoint } from "@/components/charts/requests-chart";
import { ViewToggle, type WidgetView } from "@/components/dashboard/view-toggle";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatBucket, formatCount, formatRange } from "@/lib/dashboard/format";
import { bucketFor, rangeOf, type Bucket } from "@/lib/dashboard/time-range";
import { csvFilename, toCsv } from "@/lib/dashboard/to-csv";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import { useDashboardQuery } from "@/lib/dashboard/use-dashboard-query";
import { requestsOverTime } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

function columns(bucket: Bucket, comparing: boolean): Column<RequestsPoint>[] {
  return [
    { key: "t", header: "Bucket start", value: (point) => point.t, render: (point) => formatBucket(point.t, bucket) },
    ...STATUS_SERIES.map((series): Column<RequestsPoint> => ({
      key: series.key,
      header: series.label,
      align: "right",
      value: (point) => point[series.key],
      render: (point) => formatCount(point[series.key]),
    })),
    ...(comparing
      ? [
          {
            key: "previous",
            header: "Previous period",
            align: "right",
            value: (point) => point.previous ?? null,
            render: (point) =>
              point.previous === null || point.previous === undefined ? "—" : formatCount(point.previous),
          } satisfies Column<RequestsPoint>,
        ]
      : []),
  ];
}

/** Requests per bucket by status class; with "compare", the previous period's totals as a dashed line. */
export function RequestsOverTimeCard() {
  const tenant = useTinybirdTenant();
  const { compare } = useDashboardQuery();
  const swr = useRangedPipe(requestsOverTime);
  const previous = useRangedPipe(requestsOverTime, undefined, { previous: true, enabled: compare });
  const [view, setView] = useState<WidgetView>("chart");

  const rows = swr.data?.rows;
  const previousRows = compare ? previous.data?.rows : undefined;
  // Stable between renders, so the (memoized) chart only redraws when the data changes.
  const points = useMemo<RequestsPoint[]>(
    () =>
      rows && previousRows
        ? rows.map((row, index) => ({ ...row, previous: previousRows[index]?.requests ?? null }))
        : (rows ?? []),
    [rows, previousRows],
  );

  return (
    <WidgetCard
      id="requests-over-time"
      title="Requests over time"
      description="By status class"
      swr={swr}
      skeleton={<Skeleton className="h-[268px] w-full" />}
      controls={<ViewToggle value={view} onChange={setView} />}
      exportCsv={(result) => {
        const bucket = bucketFor(rangeOf(result.params));
        return {
          filename: csvFilename(tenant?.org, "requests_over_time", result.params.date_from, result.params.date_to),
          csv: toCsv(columns(bucket, Boolean(previousRows)), points),
        };
      }}
    >
      {(result) => {
        const range = rangeOf(result.params);
        const bucket = bucketFor(range);
        const comparing = Boolean(previousRows);
        const total = result.rows.reduce((sum, row) => sum + row.requests, 0);
        const label = `Requests per ${bucket} by status class, ${formatRange(range)}: ${formatCount(total)} in total`;
        return view === "chart" ? (
          <div className="space-y-2">
            <ChartLegend
              items={[
                ...STATUS_SERIES,
                ...(comparing ? [{ label: "Previous period", color: PREVIOUS_COLOR, dashed: true }] : []),
              ]}
            />
            <LazyRequestsChart data={points} bucket={bucket} label={label} />
          </div>
        ) : (
          <div className="max-h-72 overflow-y-auto">
            <DataTable caption={label} columns={columns(bucket, comparing)} rows={points} rowKey={(point) => point.t} />
          </div>
        );
      }}
    </WidgetCard>
  );
}
