"use client";
import { useMemo, useState } from "react";
import { ChartLegend } from "@/components/charts/chart-legend";
import { PREVIOUS_COLOR, STATUS_SERIES } from "@/components/charts/chart-theme";
import { LazyRequestsChart } from "@/components/charts/lazy-charts";
import type { RequestsPoint } from "@/components/charts/requests-chart";
import { countColumn } from "@/components/dashboard/columns";
import { ViewToggle, type WidgetView } from "@/components/dashboard/view-toggle";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatBucket, formatCount, formatRange } from "@/lib/dashboard/format";
import { markPartial } from "@/lib/dashboard/partial-buckets";
import { bucketFor, rangeOf, type Bucket } from "@/lib/dashboard/time-range";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import { useDashboardQuery } from "@/lib/dashboard/use-dashboard-query";
import { requestsOverTime } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

/** Table and CSV columns; `previousAt` gives the previous period's requests for a bucket when comparing. */
function columns(bucket?: Bucket, previousAt?: (t: string) => number | null): Column<RequestsPoint>[] {
  return [
    {
      key: "t",
      header: "Bucket start",
      value: (point) => point.t,
      render: (point) => (bucket ? formatBucket(point.t, bucket) : point.t),
    },
    ...STATUS_SERIES.map((series) => countColumn<RequestsPoint>(series.key, series.label)),
    ...(previousAt
      ? [
          {
            key: "previous",
            header: "Previous period",
            align: "right",
            value: (point) => previousAt(point.t),
            render: (point) => {
              const previous = previousAt(point.t);
              return previous === null ? "—" : formatCount(previous);
            },
          } satisfies Column<RequestsPoint>,
        ]
      : []),
  ];
}

/** Requests per bucket by status class; with "compare", the previous period's totals as a dashed line. */
export function RequestsOverTimeCard() {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const { compare } = useDashboardQuery();
  const swr = useRangedPipe(requestsOverTime);
  const previous = useRangedPipe(requestsOverTime, undefined, { previous: true, enabled: compare });
  const [view, setView] = useState<WidgetView>("chart");

  const current = swr.data;
  const previousRows = compare ? previous.data?.rows : undefined;
  // Stable between renders, so the (memoized) chart only redraws when the data changes.
  const points = useMemo<RequestsPoint[]>(() => {
    if (!current) return [];
    const rows = current.rows;
    const merged = previousRows
      ? rows.map((row, index) => ({ ...row, previous: previousRows[index]?.requests ?? null }))
      : rows;
    return markPartial(merged, current);
  }, [current, previousRows]);
  const previousAt = useMemo(() => {
    if (!previousRows) return undefined;
    const byBucket = new Map(points.map((point) => [point.t, point.previous ?? null]));
    return (t: string) => byBucket.get(t) ?? null;
  }, [points, previousRows]);

  return (
    <WidgetCard
      id="requests-over-time"
      title="Requests over time"
      subject="requests chart"
      description={admin ? "The organization's requests by status class" : "Your requests by status class"}
      swr={swr}
      skeleton={<Skeleton className="h-[268px] w-full" />}
      controls={<ViewToggle value={view} onChange={setView} />}
      csv={{ name: "requests_over_time", columns: columns(undefined, previousAt) }}
      empty={false}
    >
      {(result) => {
        const range = rangeOf(result.params);
        const bucket = bucketFor(range);
        const comparing = previousAt !== undefined;
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
            <DataTable
              caption={label}
              columns={columns(bucket, previousAt)}
              rows={points}
              rowKey={(point) => point.t}
            />
          </div>
        );
      }}
    </WidgetCard>
  );
}
