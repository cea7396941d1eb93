"use client";
import { STATUS_CLASS_COLORS } from "@/components/charts/chart-theme";
import { countColumn } from "@/components/dashboard/columns";
import { StatusBadge } from "@/components/dashboard/status-badge";
import { WidgetCard } from "@/components/dashboard/widget-card";
import { DataTable, type Column } from "@/components/ui/data-table";
import { Skeleton } from "@/components/ui/skeleton";
import { formatPercent, formatRange } from "@/lib/dashboard/format";
import { rangeOf } from "@/lib/dashboard/time-range";
import { useRangedPipe } from "@/lib/dashboard/use-dashboard-pipe";
import type { PipeRow } from "@/lib/tinybird/define-pipe";
import { statusCodes } from "@/lib/tinybird/pipes";

type StatusCode = PipeRow<typeof statusCodes>;

const COLUMNS: Column<StatusCode>[] = [
  { key: "status", header: "Status", value: (row) => row.status, render: (row) => <StatusBadge status={row.status} /> },
  {
    key: "share",
    header: "Share",
    value: (row) => row.share,
    render: (row) => (
      <span className="flex items-center gap-2">
        <span
          aria-hidden
          className="block h-2 min-w-[4rem] flex-1 overflow-hidden rounded-sm bg-zinc-100 dark:bg-zinc-800"
        >
          <span
            className="block h-full rounded-sm"
            style={{ width: `${Math.max(0.5, row.share * 100)}%`, background: STATUS_CLASS_COLORS[row.status_class] }}
          />
        </span>
        <span className="w-12 text-right">{formatPercent(row.share, 1)}</span>
      </span>
    ),
  },
  countColumn("requests", "Requests"),
];

/** Requests per HTTP status code: a table whose bars, coloured by status class, are the chart. */
export function StatusCodesCard() {
  const swr = useRangedPipe(statusCodes);
  return (
    <WidgetCard
      id="status-codes"
      title="Status codes"
      swr={swr}
      skeleton={<Skeleton className="h-48 w-full" />}
      csv={{ name: "status_codes", columns: COLUMNS }}
    >
      {(result) => (
        <div className="max-h-80 overflow-y-auto">
          <DataTable
            caption={`Requests per HTTP status, ${formatRange(rangeOf(result.params))}`}
            columns={COLUMNS}
            rows={result.rows}
            rowKey={(row) => String(row.status)}
            testId="status-codes-table"
          />
        </div>
      )}
    </WidgetCard>
  );
}
