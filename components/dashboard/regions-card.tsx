"use client";
import { NoRequests } from "@/components/dashboard/no-requests";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCount, formatPercent } from "@/lib/dashboard/format";
import { csvFilename, toCsv } from "@/lib/dashboard/to-csv";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { regions } from "@/lib/tinybird/pipes";
import { useTinybirdTenant } from "@/lib/tinybird/client/use-tinybird-tenant";

type Region = PipeRow<typeof regions>;

const COLUMNS: Column<Region>[] = [
  {
    key: "region",
    header: "Region",
    value: (row) => row.region,
    render: (row) => (
      <span className="block min-w-[7rem]">
        <span className="font-mono text-xs">{row.region}</span>
        <span aria-hidden className="mt-1 block h-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
          <span
            className="block h-full rounded-full bg-sky-600 dark:bg-sky-400"
            style={{ width: `${Math.round(row.share * 100)}%` }}
          />
        </span>
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
    key: "share",
    header: "Share",
    align: "right",
    value: (row) => row.share,
    render: (row) => formatPercent(row.share, 1),
  },
  {
    key: "error_rate",
    header: "Errors",
    align: "right",
    value: (row) => row.error_rate,
    render: (row) => formatPercent(row.error_rate, 1),
  },
];

/** Where requests come from: a table whose share bars are the chart. "Errors" is the error rate. */
export function RegionsCard() {
  const tenant = useTinybirdTenant();
  const swr = useRangedPipe(regions);
  return (
    <WidgetCard
      id="regions"
      title="Regions"
      swr={swr}
      skeleton={<Skeleton className="h-48 w-full" />}
      exportCsv={(result) => ({
        filename: csvFilename(tenant?.org, "regions", result.params.date_from, result.params.date_to),
        csv: toCsv([...COLUMNS, { header: "Error count", value: (row: Region) => row.errors }], result.rows),
      })}
    >
      {(result) =>
        result.rows.length === 0 ? (
          <NoRequests />
        ) : (
          <DataTable caption="Requests per region" columns={COLUMNS} rows={result.rows} rowKey={(row) => row.region} />
        )
      }
    </WidgetCard>
  );
}
