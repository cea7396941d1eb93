"use client";
import { NoRequests } from "@/components/dashboard/no-requests";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCount, formatMs, formatPercent } from "@/lib/dashboard/format";
import { csvFilename, toCsv } from "@/lib/dashboard/to-csv";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { topRoutes } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Route = PipeRow<typeof topRoutes>;

const COLUMNS: Column<Route>[] = [
  {
    key: "route",
    header: "Route",
    value: (row) => `${row.method} ${row.route}`,
    render: (row) => (
      <span className="font-mono text-xs wrap-anywhere">
        <span className="text-zinc-500 dark:text-zinc-400">{row.method}</span> {row.route}
      </span>
    ),
  },
  {
    key: "requests",
    header: "Requests",
    align: "right",
    value: (row) => row.requests,
    render: (row) => formatCount(row.requests),
  },
  {
    key: "errors",
    header: "Errors",
    align: "right",
    wide: true,
    value: (row) => row.errors,
    render: (row) => formatCount(row.errors),
  },
  {
    key: "error_rate",
    header: "Error rate",
    align: "right",
    value: (row) => row.error_rate,
    render: (row) => formatPercent(row.error_rate, 1),
  },
  {
    key: "latency_p50",
    header: "p50",
    align: "right",
    wide: true,
    value: (row) => row.latency_p50,
    render: (row) => formatMs(row.latency_p50),
  },
  {
    key: "latency_p95",
    header: "p95",
    align: "right",
    value: (row) => row.latency_p95,
    render: (row) => formatMs(row.latency_p95),
  },
];

// The export splits what the table shows in one cell (method and route) into two columns.
const CSV_COLUMNS = [
  { header: "Method", value: (row: Route) => row.method },
  { header: "Route", value: (row: Route) => row.route },
  ...COLUMNS.slice(1),
];

export const TOP_ROUTES_LIMIT = 10;

/** The busiest routes in the range. */
export function TopRoutesCard() {
  const tenant = useTinybirdTenant();
  const swr = useRangedPipe(topRoutes, { limit: TOP_ROUTES_LIMIT });
  return (
    <WidgetCard
      id="top-routes"
      title="Top routes"
      description={`The ${TOP_ROUTES_LIMIT} busiest routes`}
      swr={swr}
      skeleton={<Skeleton className="h-64 w-full" />}
      exportCsv={(result) => ({
        filename: csvFilename(tenant?.org, "top_routes", result.params.date_from, result.params.date_to),
        csv: toCsv(CSV_COLUMNS, result.rows),
      })}
    >
      {(result) =>
        result.rows.length === 0 ? (
          <NoRequests />
        ) : (
          <DataTable
            caption="Top routes"
            columns={COLUMNS}
            rows={result.rows}
            rowKey={(row) => `${row.method} ${row.route}`}
            testId="top-routes-table"
          />
        )
      }
    </WidgetCard>
  );
}
