"use client";
import { countColumn, msColumn, percentColumn } from "@/components/dashboard/columns";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import { TOP_ROUTES_LIMIT } from "@/lib/dashboard/widget-queries";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { topRoutes } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Route = PipeRow<typeof topRoutes>;

const NUMBERS: Column<Route>[] = [
  countColumn("requests", "Requests"),
  countColumn("errors", "Errors", { wide: true }),
  percentColumn("error_rate", "Error rate"),
  msColumn("latency_p50", "p50", { wide: true }),
  msColumn("latency_p95", "p95"),
];

const COLUMNS: Column<Route>[] = [
  {
    key: "route",
    header: "Route",
    value: (row) => `${row.method} ${row.route}`,
    // One line per route, cut with an ellipsis on narrow screens; the full route is in the tooltip.
    render: (row) => (
      <span
        className="block max-w-[11rem] truncate font-mono text-xs sm:max-w-xs lg:max-w-md"
        title={`${row.method} ${row.route}`}
        data-testid="route-cell"
      >
        <span className="text-zinc-500 dark:text-zinc-400">{row.method}</span> {row.route}
      </span>
    ),
  },
  ...NUMBERS,
];

// The export splits what the table shows in one cell (method and route) into two columns.
const CSV_COLUMNS = [
  { header: "Method", value: (row: Route) => row.method },
  { header: "Route", value: (row: Route) => row.route },
  ...NUMBERS,
];

/** The busiest routes in the range: the organization's for admins, the member's own otherwise. */
export function TopRoutesCard() {
  const tenant = useTinybirdTenant();
  const admin = tenant !== null && tenant.user === null;
  const swr = useRangedPipe(topRoutes, { limit: TOP_ROUTES_LIMIT });
  return (
    <WidgetCard
      id="top-routes"
      title={admin ? "Top routes" : "Your top routes"}
      subject="top routes"
      description={
        admin ? `The organization's ${TOP_ROUTES_LIMIT} busiest routes` : `Your ${TOP_ROUTES_LIMIT} busiest routes`
      }
      swr={swr}
      skeleton={<Skeleton className="h-64 w-full" />}
      csv={{ name: "top_routes", columns: CSV_COLUMNS }}
    >
      {(result) => (
        <DataTable
          caption={admin ? "Top routes" : "Your top routes"}
          columns={COLUMNS}
          rows={result.rows}
          rowKey={(row) => `${row.method} ${row.route}`}
          testId="top-routes-table"
        />
      )}
    </WidgetCard>
  );
}
