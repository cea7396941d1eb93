"use client";
import { useState } from "react";
import { ChartLegend } from "@/components/charts/chart-legend";
import { STATUS_SERIES } from "@/components/charts/chart-theme";
import { LiveBars } from "@/components/charts/live-bars";
import { countColumn, msColumn } from "@/components/dashboard/columns";
import { ViewToggle, type WidgetView } from "@/components/dashboard/view-toggle";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatClock, formatCount, formatMs } from "@/lib/dashboard/format";
import { useLivePipe } from "@/lib/dashboard/use-dashboard-pipe";
import { LIVE_MINUTES } from "@/lib/dashboard/widget-queries";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { liveRequests } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type LiveRow = PipeRow<typeof liveRequests>;

const COLUMNS: Column<LiveRow>[] = [
  {
    key: "t",
    header: "Time",
    value: (row) => row.t,
    render: (row) => <span className="font-mono text-xs">{formatClock(row.t)}</span>,
  },
  ...STATUS_SERIES.map((series) => countColumn<LiveRow>(series.key, series.label)),
  msColumn("latency_p95", "p95"),
];

function summarize(rows: LiveRow[]) {
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const errors = rows.reduce((sum, row) => sum + row.requests_4xx + row.requests_5xx, 0);
  // The rate over the last complete minute (the newest bucket is still filling): one 10-second bucket of
  // low traffic is often empty, and read alone it says 0.0 while requests keep arriving.
  const lastMinute = rows.slice(-7, -1);
  const perSecond = lastMinute.length
    ? lastMinute.reduce((sum, row) => sum + row.requests, 0) / (lastMinute.length * 10)
    : 0;
  const p95 = [...rows].reverse().find((row) => row.latency_p95 !== null)?.latency_p95 ?? null;
  return { requests, errors, perSecond, p95 };
}

/** Green and pulsing only while the last poll answered; grey while loading or failing, so "Live" never lies. */
function LiveDot({ live }: { live: boolean }) {
  return (
    <span className="relative flex h-2 w-2" data-testid="live-dot" data-live={live}>
      {live && (
        <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-500 opacity-60 motion-reduce:hidden" />
      )}
      <span className={`relative inline-flex h-2 w-2 rounded-full ${live ? "bg-emerald-500" : "bg-zinc-400"}`} />
      <span className="sr-only">{live ? "(updating)" : "(not updating)"}</span>
    </span>
  );
}

/** The last five minutes at 10-second grain, refreshed every 5 s while the tab is visible. */
export function LiveCard() {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const swr = useLivePipe(liveRequests, { minutes: LIVE_MINUTES });
  const [view, setView] = useState<WidgetView>("chart");
  const live = swr.data !== undefined && swr.error === undefined;
  return (
    <WidgetCard
      id="live"
      subject="live tile"
      title={
        <span className="flex items-center gap-2">
          <LiveDot live={live} />
          {admin ? "Live" : "Your live requests"}
        </span>
      }
      description={`${admin ? "The organization's requests" : "Your requests"} in the last ${LIVE_MINUTES} minutes, every 10 seconds`}
      swr={swr}
      skeleton={<Skeleton className="h-44 w-full" />}
      controls={<ViewToggle value={view} onChange={setView} />}
      csv={{ name: "live_requests", columns: COLUMNS }}
      empty={false}
    >
      {(result) => {
        const summary = summarize(result.rows);
        const label = `Requests in the last ${LIVE_MINUTES} minutes by status class: ${formatCount(summary.requests)}, ${formatCount(summary.errors)} errors`;
        return (
          <div className="space-y-3">
            <dl className="grid grid-cols-3 gap-2 text-center">
              <div>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">Requests</dt>
                <dd className="text-xl font-semibold tabular-nums" data-testid="live-requests">
                  {formatCount(summary.requests)}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400" title="Over the last complete minute">
                  Per second
                </dt>
                <dd className="text-xl font-semibold tabular-nums">{summary.perSecond.toFixed(1)}</dd>
              </div>
              <div>
                <dt className="text-xs text-zinc-500 dark:text-zinc-400">p95</dt>
                <dd className="text-xl font-semibold tabular-nums">{formatMs(summary.p95)}</dd>
              </div>
            </dl>
            {summary.requests === 0 && (
              <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="live-quiet">
                No requests in the last {LIVE_MINUTES} minutes.
              </p>
            )}
            {view === "chart" ? (
              <div className="space-y-2">
                <ChartLegend items={STATUS_SERIES} />
                <LiveBars data={result.rows} label={label} />
              </div>
            ) : (
              <div className="max-h-48 overflow-y-auto">
                <DataTable caption={label} columns={COLUMNS} rows={result.rows} rowKey={(row) => row.t} />
              </div>
            )}
          </div>
        );
      }}
    </WidgetCard>
  );
}
