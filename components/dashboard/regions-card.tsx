"use client";
import { countColumn, percentColumn } from "@/components/dashboard/columns";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { regions } from "@/lib/tinybird/pipes";

type Region = PipeRow<typeof regions>;

/** The region's name over a bar of its share: the table is the chart. */
function RegionBar({ row }: { row: Region }) {
  return (
    <span className="block min-w-[7rem]">
      <span className="font-mono text-xs">{row.region}</span>
      <span aria-hidden className="mt-1 block h-1 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800">
        <span
          className="block h-full rounded-full bg-sky-600 dark:bg-sky-400"
          style={{ width: `${Math.round(row.share * 100)}%` }}
        />
      </span>
    </span>
  );
}

// "Errors" is the error rate; the CSV export adds the error count.
const COLUMNS: Column<Region>[] = [
  { key: "region", header: "Region", value: (row) => row.region, render: (row) => <RegionBar row={row} /> },
  countColumn("requests", "Requests"),
  percentColumn("share", "Share"),
  percentColumn("error_rate", "Errors"),
];

export function RegionsCard() {
  const swr = useRangedPipe(regions);
  return (
    <WidgetCard
      id="regions"
      title="Regions"
      swr={swr}
      skeleton={<Skeleton className="h-48 w-full" />}
      csv={{ name: "regions", columns: [...COLUMNS, countColumn("errors", "Error count")] }}
    >
      {(result) => (
        <DataTable caption="Requests per region" columns={COLUMNS} rows={result.rows} rowKey={(row) => row.region} />
      )}
    </WidgetCard>
  );
}
