"use client";
import { useMemo, useState } from "react";
import { ChartLegend } from "@/components/charts/chart-legend";
import { LATENCY_SERIES } from "@/components/charts/chart-theme";
import { LazyLatencyChart } from "@/components/charts/lazy-charts";
import type { LatencyPoint, LatencyScale } from "@/components/charts/latency-chart";
import { countColumn, msColumn } from "@/components/dashboard/columns";
import { ScaleToggle } from "@/components/dashboard/scale-toggle";
import { ViewToggle, type WidgetView } from "@/components/dashboard/view-toggle";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatBucket, formatRange } from "@/lib/dashboard/format";
import { markPartial } from "@/lib/dashboard/partial-buckets";
import { bucketFor, rangeOf, type Bucket } from "@/lib/dashboard/time-range";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import { latencyOverTime } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Point = LatencyPoint & { requests: number };

function columns(bucket?: Bucket): Column<Point>[] {
  return [
    {
      key: "t",
      header: "Bucket start",
      value: (point) => point.t,
      render: (point) => (bucket ? formatBucket(point.t, bucket) : point.t),
    },
    countColumn("requests", "Requests"),
    ...LATENCY_SERIES.map((series) => msColumn<Point>(series.key, `${series.label} (ms)`)),
  ];
}

const CSV_COLUMNS = columns();

/** p50/p95/p99 latency per bucket, on a log axis unless the user asks for linear. */
export function LatencyCard() {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const swr = useRangedPipe(latencyOverTime);
  const [view, setView] = useState<WidgetView>("chart");
  const [scale, setScale] = useState<LatencyScale>("log");
  const points = useMemo(() => (swr.data ? markPartial(swr.data.rows, swr.data) : []), [swr.data]);
  return (
    <WidgetCard
      id="latency"
      title="Latency"
      subject="latency chart"
      description={admin ? "Percentiles per bucket" : "Percentiles of your requests per bucket"}
      swr={swr}
      skeleton={<Skeleton className="h-[268px] w-full" />}
      controls={
        <>
          {view === "chart" && <ScaleToggle value={scale} onChange={setScale} />}
          <ViewToggle value={view} onChange={setView} />
        </>
      }
      csv={{ name: "latency_over_time", columns: CSV_COLUMNS }}
      empty={false}
    >
      {(result) => {
        const range = rangeOf(result.params);
        const bucket = bucketFor(range);
        const label = `Latency p50, p95 and p99 per ${bucket}, ${formatRange(range)}`;
        return view === "chart" ? (
          <div className="space-y-2">
            <ChartLegend items={LATENCY_SERIES} />
            <LazyLatencyChart data={points} bucket={bucket} label={`${label}, ${scale} scale`} scale={scale} />
          </div>
        ) : (
          <div className="max-h-72 overflow-y-auto">
            <DataTable caption={label} columns={columns(bucket)} rows={result.rows} rowKey={(point) => point.t} />
          </div>
        );
      }}
    </WidgetCard>
  );
}
